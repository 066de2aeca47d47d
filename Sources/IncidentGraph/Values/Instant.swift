/// A point in time in UTC with millisecond precision (`2023-06-01T09:30:00Z`).
///
/// Stored as an integer so that time indexes sort and compare without Foundation.
public struct Instant: Hashable, Comparable, Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSinceEpoch: Int64

    static let millisecondsPerDay: Int64 = 86_400_000

    /// An instant from milliseconds since the epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The UTC day this instant falls on.
    public var day: Day {
        Day(daysSinceEpoch: Int32(CivilCalendar.floorDivide(millisecondsSinceEpoch, Self.millisecondsPerDay)))
    }

    /// Milliseconds since the start of its UTC day.
    public var millisecondOfDay: Int64 {
        millisecondsSinceEpoch - Int64(day.daysSinceEpoch) * Self.millisecondsPerDay
    }

    /// Parses ISO 8601 date-times: `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM`.
    ///
    /// A time without a zone is refused: an instant must say which clock it was read from.
    public init?(iso8601 text: String) {
        guard let separator = text.firstIndex(where: { $0 == "T" || $0 == " " }),
            let day = Day(iso8601: text[..<separator])
        else { return nil }
        var rest = text[text.index(after: separator)...]
        var offsetMinutes = 0
        if rest.hasSuffix("Z") {
            rest = rest.dropLast()
        } else if rest.count > 6, let signIndex = rest.index(rest.endIndex, offsetBy: -6, limitedBy: rest.startIndex),
            rest[signIndex] == "+" || rest[signIndex] == "-"
        {
            let zone = rest[rest.index(after: signIndex)...].split(separator: ":")
            guard zone.count == 2, zone[0].count == 2, zone[1].count == 2,
                let hours = Int(zone[0]), let minutes = Int(zone[1]), hours < 24, minutes < 60
            else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        } else {
            return nil
        }
        guard let milliseconds = Self.parseTimeOfDay(rest) else { return nil }
        let local = Int64(day.daysSinceEpoch) * Self.millisecondsPerDay + milliseconds
        self.init(millisecondsSinceEpoch: local - Int64(offsetMinutes) * 60_000)
    }

    /// `HH:MM[:SS[.fff]]` as milliseconds.
    private static func parseTimeOfDay(_ text: Substring) -> Int64? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), fields[0].count == 2, fields[1].count == 2,
            let hours = Int64(fields[0]), let minutes = Int64(fields[1]), hours < 24, minutes < 60
        else { return nil }
        var milliseconds: Int64 = 0
        if fields.count == 3 {
            let secondParts = fields[2].split(separator: ".", omittingEmptySubsequences: false)
            guard secondParts[0].count == 2, let seconds = Int64(secondParts[0]), seconds < 60 else { return nil }
            milliseconds = seconds * 1000
            if secondParts.count == 2 {
                let fraction = secondParts[1]
                guard (1...3).contains(fraction.count), let value = Int64(fraction) else { return nil }
                milliseconds += value * [100, 10, 1][fraction.count - 1]
            } else if secondParts.count > 2 {
                return nil
            }
        }
        return (hours * 60 + minutes) * 60_000 + milliseconds
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, with `.fff` only when the instant has milliseconds.
    public var iso8601: String {
        let ms = millisecondOfDay
        let seconds = ms / 1000
        var text = "\(day.iso8601)T\(Day.pad(Int(seconds / 3600), 2)):\(Day.pad(Int(seconds / 60 % 60), 2))"
        text += ":\(Day.pad(Int(seconds % 60), 2))"
        if ms % 1000 != 0 { text += ".\(Day.pad(Int(ms % 1000), 3))" }
        return text + "Z"
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}
