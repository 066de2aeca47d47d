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
    /// For each record number, the first node that has it (-1: none, a record no node keeps):
    /// its `status` or `sources` are the record's.
    public let firstNodes: [Int32]
    /// For each record number, how many nodes have it.
    public let nodeCounts: [Int]

    init(_ graph: IncidentGraph) {
        var numbers = [UInt32](repeating: 0, count: graph.nodeCount)
        var firstNodes: [Int32] = []
        var nodeCounts: [Int] = []
        for table in graph.tables {
            let first = firstNodes.count
            firstNodes += repeatElement(-1, count: table.provenance.distinct.count)
            nodeCounts += repeatElement(0, count: table.provenance.distinct.count)
            for (row, node) in table.nodes.enumerated() {
                let number = first + Int(table.provenance.numbers[row])
                numbers[Int(node)] = UInt32(number)
                if firstNodes[number] < 0 { firstNodes[number] = node }
                nodeCounts[number] += 1
            }
        }
        self.numbers = numbers
        self.firstNodes = firstNodes
        self.nodeCounts = nodeCounts
        count = firstNodes.count
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
