/// Every node's neighbours as traversals read them: for each direction, the node at the other
/// end and the label of each entry of the adjacency, in the adjacency's order. A traversal then
/// reads one node's neighbours from two contiguous runs instead of looking up each edge's label
/// and ends. Made at the first traversal or path search and kept with the graph
/// (``LazyIndexes``): about 12 bytes per edge.
public struct Neighbourhood: Sendable {
    private let outgoing: Lists
    private let incoming: Lists

    /// The other ends and labels of one direction's adjacency entries.
    struct Lists: Sendable {
        let offsets: [Int32]
        let others: [Int32]
        let labels: [UInt16]

        init(_ adjacency: Adjacency, otherEnds: [Int32], edgeLabels: [Int32]) {
            offsets = adjacency.offsets
            others = adjacency.entries.map { otherEnds[Int($0)] }
            labels = adjacency.entries.map { UInt16(truncatingIfNeeded: edgeLabels[Int($0)]) }
        }

        /// The entries of `node` with `label` (all labels for nil): labels are sorted within a
        /// node's run, so one label's entries are contiguous.
        @inline(__always)
        func run(of node: Int, label: Int?) -> Range<Int> {
            let (start, end) = (Int(offsets[node]), Int(offsets[node + 1]))
            guard let label else { return start..<end }
            var (low, high) = (start, end)
            while low < high {
                let middle = (low + high) / 2
                if Int(labels[middle]) < label { low = middle + 1 } else { high = middle }
            }
            var stop = low
            while stop < end, Int(labels[stop]) == label { stop += 1 }
            return low..<stop
        }
    }

    init(outgoing: Lists, incoming: Lists) {
        self.outgoing = outgoing
        self.incoming = incoming
    }

    /// Calls `body` with the node at the other end of each of a node's edges (with a label
    /// position, or any), the edge's label position and whether it was followed forwards:
    /// outgoing edges first, each way by label and then by the node at the other end. Allocates
    /// nothing: traversals over millions of edges use it.
    @inline(__always)
    public func forEachNeighbour(
        of node: NodeID, direction: Direction, labelPosition: Int?, _ body: (NodeID, Int, Bool) -> Void
    ) {
        if direction != .in {
            for entry in outgoing.run(of: node.index, label: labelPosition) {
                body(NodeID(index: Int(outgoing.others[entry])), Int(outgoing.labels[entry]), true)
            }
        }
        if direction != .out {
            for entry in incoming.run(of: node.index, label: labelPosition) {
                body(NodeID(index: Int(incoming.others[entry])), Int(incoming.labels[entry]), false)
            }
        }
    }

    /// How many times ``forEachNeighbour(of:direction:labelPosition:_:)`` calls its body for a
    /// node: its edges that way (with the label, or any), read from the runs' bounds.
    public func count(of node: NodeID, direction: Direction, labelPosition: Int?) -> Int {
        (direction != .in ? outgoing.run(of: node.index, label: labelPosition).count : 0)
            + (direction != .out ? incoming.run(of: node.index, label: labelPosition).count : 0)
    }

    /// One level of a breadth-first walk: the neighbours of the nodes numbered `frontier` (with
    /// a label position, or any) not yet `visited`, each once, in the order
    /// ``forEachNeighbour(of:direction:labelPosition:_:)`` meets them; they are marked visited.
    public func nextLevel(
        after frontier: [Int32], direction: Direction, labelPosition: Int?, visited: inout NodeMarks
    ) -> [Int32] {
        var next: [Int32] = []
        // Both directions written out, the lists read through buffers: a nested function or
        // closure here would box `visited` and `next` and check them at every write.
        outgoing.others.withUnsafeBufferPointer { outOthers in
            incoming.others.withUnsafeBufferPointer { inOthers in
                for node in frontier {
                    if direction != .in {
                        for entry in outgoing.run(of: Int(node), label: labelPosition)
                        where visited.insert(outOthers[entry]) {
                            next.append(outOthers[entry])
                        }
                    }
                    if direction != .out {
                        for entry in incoming.run(of: Int(node), label: labelPosition)
                        where visited.insert(inOthers[entry]) {
                            next.append(inOthers[entry])
                        }
                    }
                }
            }
        }
        return next
    }

    /// The distinct neighbours of each of `nodes` in turn (with a label position, or any), each
    /// node's in node order, as pairs appended to `from` (the position in `nodes`) and
    /// `reached` (the neighbour): a step of a pattern taken for many partial matches at once,
    /// with no call per node. False, and the pairs left unfinished, once there are more than
    /// `limit`; `body` is called before every 4096 nodes (to stop at Ctrl-C).
    public func distinctNeighbours<Failure: Error>(
        of nodes: [Int32], direction: Direction, labelPosition: Int?, from: inout [Int32], reached: inout [Int32],
        limit: Int, every4096 body: () throws(Failure) -> Void
    ) throws(Failure) -> Bool {
        var several: [Int32] = []
        for position in nodes.indices {
            if position % 4096 == 0 {
                try body()
                if reached.count > limit { return false }
            }
            let node = Int(nodes[position])
            let out = direction != .in ? outgoing.run(of: node, label: labelPosition) : 0..<0
            let into = direction != .out ? incoming.run(of: node, label: labelPosition) : 0..<0
            if out.count + into.count == 1 {
                from.append(Int32(position))
                reached.append(out.isEmpty ? incoming.others[into.lowerBound] : outgoing.others[out.lowerBound])
                continue
            }
            several.removeAll(keepingCapacity: true)
            for entry in out { several.append(outgoing.others[entry]) }
            for entry in into { several.append(incoming.others[entry]) }
            several.sort()
            var previous: Int32 = -1
            for other in several where other != previous {
                previous = other
                from.append(Int32(position))
                reached.append(other)
            }
        }
        return reached.count <= limit
    }

    /// How many edges a node has, both directions, every label.
    public func degree(of node: NodeID) -> Int {
        Int(
            outgoing.offsets[node.index + 1] - outgoing.offsets[node.index] + incoming.offsets[node.index + 1]
                - incoming.offsets[node.index])
    }
}

extension IncidentGraph {
    /// The graph's neighbour lists, made at the first call.
    public func neighbourhood() -> Neighbourhood {
        lazyIndexes.neighbourhood {
            Neighbourhood(
                outgoing: Neighbourhood.Lists(outgoing, otherEnds: edgeTo, edgeLabels: edgeLabel),
                incoming: Neighbourhood.Lists(incoming, otherEnds: edgeFrom, edgeLabels: edgeLabel))
        }
    }
}
