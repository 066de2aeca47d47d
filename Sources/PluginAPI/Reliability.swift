import IncidentGraph

/// Stated probabilities against how often they were right, by bin: whether a plugin's
/// confidence matches its accuracy on an evaluation (a reliability table).
public struct Reliability: Sendable {
    /// One range of stated probability and the answers given in it.
    public struct Bin: Sendable {
        public let range: ClosedRange<Double>
        /// Answers stated with a probability in the range.
        public fileprivate(set) var stated = 0
        /// How many of them were right.
        public fileprivate(set) var right = 0
    }

    /// The bins, lowest first.
    public private(set) var bins: [Bin]

    /// Bins between consecutive `edges` (`[0.5, 0.9, 0.99, 1]`: 0.5–0.9, 0.9–0.99, 0.99–1).
    public init(edges: [Double]) {
        bins = zip(edges, edges.dropFirst()).map { Bin(range: $0...$1) }
    }

    /// Counts an answer stated with `probability`; outside every bin it is not counted.
    public mutating func record(_ probability: Double, right: Bool) {
        guard let bin = bins.firstIndex(where: { $0.range.contains(probability) }) else { return }
        bins[bin].stated += 1
        if right { bins[bin].right += 1 }
    }

    /// Answers counted, and how many were right, over all bins.
    public var totals: (stated: Int, right: Int) {
        bins.reduce((0, 0)) { ($0.0 + $1.stated, $0.1 + $1.right) }
    }

    /// The table: each bin, its answers (`answers` names them: "named", "given"), how many were
    /// right, and the observed accuracy.
    public func table(answers: String) -> Table {
        Table(
            columns: ["stated", answers, "right", "observed accuracy"],
            rows: bins.map { bin in
                [
                    .string("\(bin.range.lowerBound)–\(bin.range.upperBound)"), .int(bin.stated), .int(bin.right),
                    .string(bin.stated == 0 ? "–" : Self.percent(bin.right, of: bin.stated)),
                ]
            })
    }

    /// `93.8 %`.
    private static func percent(_ part: Int, of whole: Int) -> String {
        let tenths = Int((Double(part) / Double(whole) * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }
}
