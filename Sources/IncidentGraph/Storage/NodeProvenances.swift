/// Every node's provenance record as one number among the records of all kinds: the records
/// each kind's column holds (``ProvenanceColumn``) numbered kind after kind. Two nodes with
/// the same number are of the same kind and have the same origin, status and sources, so a
/// condition on those alone (`status == "REPORTED"`, `kind in ["actor", "malware"]`) holds for
/// both or for neither, and is worked out once per number.
public struct NodeProvenances: Sendable {
    /// Each node's record number, by node number.
    private let numbers: [UInt32]
    /// How many numbers there are: one past the largest.
    public let count: Int

    init(_ graph: IncidentGraph) {
        var numbers = [UInt32](repeating: 0, count: graph.nodeCount)
        var first: UInt32 = 0
        for table in graph.tables {
            for (row, node) in table.nodes.enumerated() {
                numbers[Int(node)] = first + table.provenance.numbers[row]
            }
            first += UInt32(table.provenance.distinct.count)
        }
        self.numbers = numbers
        count = Int(first)
    }

    /// Calls `body` with each node's record number, by node number.
    public func withNumbers<Result>(_ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result {
        numbers.withUnsafeBufferPointer(body)
    }
}

extension IncidentGraph {
    /// Every node's provenance record as a number (``NodeProvenances``), made at the first call.
    public func provenances() -> NodeProvenances {
        lazyIndexes.provenances { NodeProvenances(self) }
    }
}
