/// A length of time (`90d 12h 30m`), stored in seconds.
public struct TimeSpan: Hashable, Comparable, Sendable {
    /// The length in seconds.
    public let seconds: Int64

    /// A span of the given number of seconds.
    public init(seconds: Int64) {
        self.seconds = seconds
    }

    private static let units: [(suffix: Character, seconds: Int64)] = [
        ("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// Parses space-separated `<integer><unit>` parts with units `w d h m s` (`2w`, `90d 12h`).
    public init?(text: String) {
        let parts = text.split(separator: " ")
        guard !parts.isEmpty else { return nil }
        var total: Int64 = 0
        for part in parts {
            guard let unit = part.last, let factor = Self.units.first(where: { $0.suffix == unit })?.seconds,
                let count = Int64(part.dropLast()), count >= 0
            else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: factor)
            let (sum, past) = total.addingReportingOverflow(product)
            guard !overflow, !past else { return nil }
            total = sum
        }
        self.init(seconds: total)
    }

    /// The canonical spelling, largest units first (`90d 12h`); `0s` for zero.
    public var text: String {
        guard seconds != 0 else { return "0s" }
        var remaining = abs(seconds)
        var parts: [String] = []
        for (suffix, factor) in Self.units.dropFirst() where remaining >= factor {
            parts.append("\(remaining / factor)\(suffix)")
            remaining %= factor
        }
        return (seconds < 0 ? "-" : "") + parts.joined(separator: " ")
    }

    /// Orders by position in time or in the graph.
    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool {
        lhs.seconds < rhs.seconds
    }
}
