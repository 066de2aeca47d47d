import Dispatch

extension GraphBuilder {
    /// Runs of edges at least this long are looked up on two threads at once.
    private static let parallelRun = 8_192

    /// Takes in a chunk of a file decoded on another thread, whose first line is line
    /// `firstLine` of the file `file`: numbers its nodes and adds its edges in file order, as
    /// adding its records one by one would (the same node and edge numbers, the same first
    /// error), then appends its columns to the kinds' tables whole.
    mutating func add(_ chunk: DecodedChunk, file: String, firstLine: Int) throws(GraphError) {
        var locator = Locator(file: file, bytes: chunk.bytes, firstLine: firstLine)
        let nodeBase = nodeCount
        let rowBase = tables.map(\.nodes.count)
        var rowInChunk = [Int](repeating: 0, count: tables.count)
        var claimed = 0
        func claimNodes(upTo end: Int, _ builder: inout GraphBuilder) throws(GraphError) {
            while claimed < end {
                let kind = Int(chunk.nodeKinds[claimed])
                try builder.claim(
                    chunk.nodeIDs[claimed], hash: chunk.nodeHashes[claimed], kindPosition: kind,
                    row: rowBase[kind] + rowInChunk[kind]
                ) { locator.location(at: chunk.nodeOffsets[claimed]) }
                rowInChunk[kind] += 1
                claimed += 1
            }
        }
        // Edges with no node between them see the same nodes: their ends are all looked up
        // first (no node is numbered meanwhile), then the edges added in order.
        let edges = chunk.edges
        let provenance = chunk.edgeProvenance
        var provenanceNumbers = [UInt32?](repeating: nil, count: provenance.distinct.count)
        var runStart = 0
        while runStart < edges.count {
            let nodesBefore = edges[runStart].nodesBefore
            try claimNodes(upTo: nodesBefore, &self)
            var runEnd = runStart + 1
            while runEnd < edges.count, edges[runEnd].nodesBefore == nodesBefore { runEnd += 1 }
            let ends = endsOfEdges(runStart..<runEnd, of: chunk)
            for index in runStart..<runEnd {
                let edge = edges[index]
                let start = ends[2 * (index - runStart)]
                let end = ends[2 * (index - runStart) + 1]
                let record = Int(provenance.numbers[index])
                let number = provenanceNumbers[record] ?? edgeProvenanceNumber(of: provenance.distinct[record])
                provenanceNumbers[record] = number
                if start >= 0, end >= 0,
                    storeIfAllowed(
                        from: start, to: end, label: edge.label, properties: chunk.edgeProperties[index],
                        provenance: number)
                {
                    continue
                }
                try addEdge(
                    from: chunk.id(of: edge.from), start: start < 0 ? nil : start, to: chunk.id(of: edge.to),
                    end: end < 0 ? nil : end, labelPosition: Int(edge.label),
                    properties: chunk.edgeProperties[index] ?? [:], provenance: provenance[index],
                    at: locator.location(at: edge.offset))
            }
            runStart = runEnd
        }
        try claimNodes(upTo: chunk.nodeIDs.count, &self)
        for (position, table) in chunk.tables.enumerated() where !table.nodes.isEmpty {
            tables[position].append(contentsOf: table, numberedFrom: Int32(nodeBase))
        }
        if var error = chunk.error {
            error.location = error.location.map {
                SourceLocation(file: $0.file, line: $0.line + firstLine - 1, column: $0.column)
            }
            throw error
        }
    }

    /// The node numbers of the starts and ends of a chunk's edges `range`, two per edge (-1
    /// for a node not added yet); a long run is split between two threads, which only read.
    private func endsOfEdges(_ range: Range<Int>, of chunk: DecodedChunk) -> [Int32] {
        let finder = EndFinder(table: idIndex, ids: ids)
        guard range.count >= Self.parallelRun else { return finder.ends(of: chunk, range) }
        let middle = range.lowerBound + range.count / 2
        let halves = [range.lowerBound..<middle, middle..<range.upperBound]
        var found: [[Int32]] = [[], []]
        found.withUnsafeMutableBufferPointer { found in
            nonisolated(unsafe) let found = found  // each thread writes only its own half
            DispatchQueue.concurrentPerform(iterations: halves.count) { half in
                found[half] = finder.ends(of: chunk, halves[half])
            }
        }
        return found[0] + found[1]
    }
}

/// Finds edges' ends among the nodes numbered so far; only reads, so several threads may use
/// one at once.
private struct EndFinder: Sendable {
    /// Edges looked up together: every end's slot first, so that the reads of the table
    /// overlap, then each end checked.
    private static let lookupRun = 32
    let table: IDTable
    let ids: [String]

    /// The node numbers of the ends of a chunk's edges `range`, two per edge, -1 for a node
    /// not added yet.
    func ends(of chunk: DecodedChunk, _ range: Range<Int>) -> [Int32] {
        let edges = chunk.edges
        var ends = [Int32](repeating: -1, count: 2 * range.count)
        var candidates = [Int32?](repeating: nil, count: 2 * Self.lookupRun)
        var runStart = range.lowerBound
        while runStart < range.upperBound {
            let runEnd = min(runStart + Self.lookupRun, range.upperBound)
            for index in runStart..<runEnd {
                candidates[2 * (index - runStart)] = table.candidate(hash: edges[index].from.hash)
                candidates[2 * (index - runStart) + 1] = table.candidate(hash: edges[index].to.hash)
            }
            for index in runStart..<runEnd {
                let slot = 2 * (index - range.lowerBound)
                ends[slot] = node(edges[index].from, of: chunk, candidate: candidates[2 * (index - runStart)])
                ends[slot + 1] = node(edges[index].to, of: chunk, candidate: candidates[2 * (index - runStart) + 1])
            }
            runStart = runEnd
        }
        return ends
    }

    /// The number of the node an edge end names, or -1; `candidate` is a guess
    /// (``IDTable/candidate(hash:)``) that is checked first.
    private func node(_ end: DecodedChunk.EndID, of chunk: DecodedChunk, candidate: Int32?) -> Int32 {
        if let candidate, chunk.names(end, ids[Int(candidate)]) { return candidate }
        return table.find(hash: end.hash) { chunk.names(end, ids[Int($0)]) } ?? -1
    }
}
