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

    /// Builds the adjacency of `nodeCount` nodes from each edge's node at this end.
    ///
    /// - Parameters:
    ///   - ends: for each edge, the node it is listed at.
    ///   - sortKey: for each edge, `(label, other end)`, the order within a node's run.
    init(nodeCount: Int, ends: [Int32], sortKey: (Int) -> (Int32, Int32)) {
        var offsets = [Int32](repeating: 0, count: nodeCount + 1)
        for end in ends { offsets[Int(end) + 1] += 1 }
        for node in 0..<nodeCount { offsets[node + 1] += offsets[node] }
        var fill = offsets
        var entries = [Int32](repeating: 0, count: ends.count)
        for (edge, end) in ends.enumerated() {
            entries[Int(fill[Int(end)])] = Int32(edge)
            fill[Int(end)] += 1
        }
        for node in 0..<nodeCount where offsets[node + 1] - offsets[node] > 1 {
            let run = Int(offsets[node])..<Int(offsets[node + 1])
            let sorted = entries[run].sorted { a, b in
                let (ka, kb) = (sortKey(Int(a)), sortKey(Int(b)))
                return ka != kb ? ka < kb : a < b
            }
            entries.replaceSubrange(run, with: sorted)
        }
        self.offsets = offsets
        self.entries = entries
    }

    /// The edges at a node, all labels.
    func edges(at node: Int32) -> ArraySlice<Int32> {
        entries[Int(offsets[Int(node)])..<Int(offsets[Int(node) + 1])]
    }

    /// The edges at a node with one label, given each edge's label.
    func edges(at node: Int32, label: Int32, labels: [Int32]) -> ArraySlice<Int32> {
        let run = edges(at: node)
        var low = run.startIndex
        var high = run.endIndex
        while low < high {
            let middle = (low + high) / 2
            if labels[Int(run[middle])] < label { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < run.endIndex, labels[Int(run[end])] == label { end += 1 }
        return run[low..<end]
    }
}
