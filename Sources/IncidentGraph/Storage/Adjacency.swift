/// Edges at each node, one direction, in compressed sparse rows.
///
/// `entries[offsets[n] ..< offsets[n + 1]]` are the edges at node `n`, sorted by label and then
/// by the node at the other end, so that edges with one label form a contiguous run found by
/// binary search. Two `Int32` arrays serve every label: compact at millions of edges.
struct Adjacency: Sendable {
    private(set) var offsets: [Int32]
    private(set) var entries: [Int32]

    /// An adjacency as stored (in a snapshot).
    init(offsets: [Int32], entries: [Int32]) {
        self.offsets = offsets
        self.entries = entries
    }

    /// Builds the adjacency of `nodeCount` nodes.
    ///
    /// - Parameters:
    ///   - ends: for each edge, the node it is listed at.
    ///   - others: for each edge, the node at its other end.
    ///   - labels: for each edge, its label, one of `labelCount`.
    init(nodeCount: Int, ends: [Int32], others: [Int32], labels: [Int32], labelCount: Int) {
        // Every edge put in (label, other end, edge) order by two stable counting sorts, then
        // dealt out to its node in that order: each node's run comes out sorted, with no sort
        // per node (a node with a million edges costs what a million nodes with one do).
        let byOther = Self.stableOrder(of: Array(0..<Int32(ends.count)), keys: others, keyCount: nodeCount)
        let byLabel = Self.stableOrder(of: byOther, keys: labels, keyCount: labelCount)
        var offsets = [Int32](repeating: 0, count: nodeCount + 1)
        for end in ends { offsets[Int(end) + 1] += 1 }
        for node in 0..<nodeCount { offsets[node + 1] += offsets[node] }
        var fill = offsets
        var entries = [Int32](repeating: 0, count: ends.count)
        for edge in byLabel {
            let end = Int(ends[Int(edge)])
            entries[Int(fill[end])] = edge
            fill[end] += 1
        }
        self.offsets = offsets
        self.entries = entries
    }

    /// `edges` (every edge once) in order of `keys[edge]`, keeping their order among equal keys.
    private static func stableOrder(of edges: [Int32], keys: [Int32], keyCount: Int) -> [Int32] {
        var next = [Int32](repeating: 0, count: keyCount + 1)
        for key in keys { next[Int(key) + 1] += 1 }
        for key in 0..<keyCount { next[key + 1] += next[key] }
        var ordered = [Int32](repeating: 0, count: edges.count)
        for edge in edges {
            let key = Int(keys[Int(edge)])
            ordered[Int(next[key])] = edge
            next[key] += 1
        }
        return ordered
    }

    /// The edges at a node, all labels.
    func edges(at node: Int32) -> ArraySlice<Int32> {
        entries[Int(offsets[Int(node)])..<Int(offsets[Int(node) + 1])]
    }

    /// The edges at a node with one label, given each edge's label.
    func edges(at node: Int32, label: Int32, labels: [Int32]) -> ArraySlice<Int32> {
        let run = edges(at: node)
        let low = Self.firstEdge(in: run, withLabelAtLeast: label, labels: labels)
        var end = low
        while end < run.endIndex, labels[Int(run[end])] == label { end += 1 }
        return run[low..<end]
    }

    /// How many edges with one label a node has, found by two binary searches.
    func count(at node: Int32, label: Int32, labels: [Int32]) -> Int {
        let run = edges(at: node)
        return Self.firstEdge(in: run, withLabelAtLeast: label + 1, labels: labels)
            - Self.firstEdge(in: run, withLabelAtLeast: label, labels: labels)
    }

    /// The position in a node's run of its first edge whose label is `label` or after it.
    private static func firstEdge(in run: ArraySlice<Int32>, withLabelAtLeast label: Int32, labels: [Int32]) -> Int {
        var low = run.startIndex
        var high = run.endIndex
        while low < high {
            let middle = (low + high) / 2
            if labels[Int(run[middle])] < label { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
