extension GraphBuilder {
    /// Edges looked up together.
    private static let lookupRun = 32

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
                ) { locator.location(at: Int(chunk.nodeOffsets[claimed])) }
                rowInChunk[kind] += 1
                claimed += 1
            }
        }
        // Edges with no node between them are looked up as a run: every end's slot first, so
        // that the reads of the table overlap, then each end checked.
        let edges = chunk.edges
        var runStart = 0
        var candidates = [Int32?](repeating: nil, count: 2 * Self.lookupRun)
        while runStart < edges.count {
            let nodesBefore = edges[runStart].nodesBefore
            try claimNodes(upTo: nodesBefore, &self)
            var runEnd = runStart + 1
            while runEnd < min(runStart + Self.lookupRun, edges.count), edges[runEnd].nodesBefore == nodesBefore {
                runEnd += 1
            }
            for index in runStart..<runEnd {
                candidates[2 * (index - runStart)] = idIndex.candidate(hash: edges[index].fromHash)
                candidates[2 * (index - runStart) + 1] = idIndex.candidate(hash: edges[index].toHash)
            }
            for index in runStart..<runEnd {
                let edge = edges[index]
                let start = node(edge.from, hash: edge.fromHash, candidate: candidates[2 * (index - runStart)])
                let end = node(edge.to, hash: edge.toHash, candidate: candidates[2 * (index - runStart) + 1])
                try addEdge(
                    from: edge.from, start: start, to: edge.to, end: end, labelPosition: edge.label,
                    properties: edge.properties, provenance: edge.provenance, at: locator.location(at: edge.offset))
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
}
