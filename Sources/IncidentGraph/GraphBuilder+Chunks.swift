extension GraphBuilder {
    /// Ids looked up together: every id's table slot first, so that the reads overlap, then
    /// each id checked. On the peer benchmark's 10⁶-incident file (2.7 million edges, most of
    /// whose ends are looked up), runs of 64 loaded it 2–3 % sooner than runs of 32 or 128.
    static let lookupRun = 64

    /// Takes in a chunk of a file decoded on another thread, whose first line is line
    /// `firstLine` of the file `file`: numbers its nodes and adds its edges in file order, as
    /// adding its records one by one would (the same node and edge numbers, the same first
    /// error), then appends its columns to the kinds' tables whole, moving its texts out of it.
    package mutating func add(_ chunk: inout DecodedChunk, file: String, firstLine: Int) throws(GraphError) {
        var locator = Locator(file: file, bytes: chunk.bytes, firstLine: firstLine, lineEndsAtCR: chunk.lineEndsAtCR)
        let nodeBase = nodeCount
        let rowBase = tables.map(\.nodes.count)
        var rowInChunk = [Int](repeating: 0, count: tables.count)
        var claimed = 0
        var candidates = [Int32?](repeating: nil, count: Self.lookupRun)
        func claimNodes(upTo end: Int, _ builder: inout GraphBuilder) throws(GraphError) {
            guard claimed < end else { return }
            try builder.claimNodes(
                of: chunk, claimed..<end, rowBase: rowBase, rows: &rowInChunk, candidates: &candidates
            ) { locator.location(at: chunk.nodeOffsets[$0]) }
            claimed = end
        }
        // Edges with no node between them see the same nodes: their ends are all looked up
        // first (no node is numbered meanwhile), then the edges added in order.
        let edges = chunk.edges
        let provenance = chunk.edgeProvenance
        var provenanceNumbers = [UInt32?](repeating: nil, count: provenance.distinct.count)
        // The ends of a run of edges, and the table's candidates for them: kept from run to run.
        var ends: [Int32] = []
        var endCandidates = [Int32](repeating: -1, count: 2 * Self.lookupRun)
        // The ends the worker found are taken as they are when it found them all.
        let allEndsKnown = !chunk.knownEnds.isEmpty && !chunk.knownEnds.contains(-1)
        var runStart = 0
        while runStart < edges.count {
            let nodesBefore = edges[runStart].nodesBefore
            try claimNodes(upTo: nodesBefore, &self)
            var runEnd = runStart + 1
            while runEnd < edges.count, edges[runEnd].nodesBefore == nodesBefore { runEnd += 1 }
            let firstEnd: Int
            if allEndsKnown {
                (ends, firstEnd) = (chunk.knownEnds, 0)
            } else {
                endFinder.ends(
                    of: chunk, runStart..<runEnd, known: chunk.knownEnds, into: &ends, candidates: &endCandidates)
                firstEnd = runStart
            }
            for index in runStart..<runEnd {
                let edge = edges[index]
                let start = ends[2 * (index - firstEnd)]
                let end = ends[2 * (index - firstEnd) + 1]
                let record = Int(provenance.numbers[index])
                let number = provenanceNumbers[record] ?? edgeProvenanceNumber(of: provenance.distinct[record])
                provenanceNumbers[record] = number
                if start >= 0, end >= 0,
                    storeIfAllowed(
                        from: start, to: end, label: edge.label, properties: chunk.properties(ofEdge: index),
                        provenance: number)
                {
                    continue
                }
                try addEdge(
                    from: chunk.id(of: edge.from), start: start < 0 ? nil : start, to: chunk.id(of: edge.to),
                    end: end < 0 ? nil : end, labelPosition: Int(edge.label),
                    properties: chunk.properties(ofEdge: index) ?? [:], provenance: provenance[index],
                    at: locator.location(at: edge.offset))
            }
            runStart = runEnd
        }
        try claimNodes(upTo: chunk.nodeIDs.count, &self)
        for position in tables.indices where !chunk.tables[position].nodes.isEmpty {
            chunk.moveNodes(ofKind: position, to: &tables[position], numberedFrom: Int32(nodeBase))
        }
        if var error = chunk.error {
            error.location = error.location.map {
                SourceLocation(file: $0.file, line: $0.line + firstLine - 1, column: $0.column)
            }
            throw error
        }
    }
}

extension GraphBuilder {
    /// Makes room in the table of each kind the chunk holds rows of, where taking the chunk in
    /// would grow it, for the rows of the kind judged to come: the bytes from the chunk's first
    /// row of the kind to the end of the file (`fileEnd`, a byte offset as the chunk's node
    /// offsets count them; the chunk's records end at `chunkEnd`) are judged to hold the kind
    /// as densely as the chunk does from that row on, with a tenth to spare. The table's columns
    /// are then not copied as they grow, nor their pages touched twice; room never filled costs
    /// address space, not memory. At least twice the table's room is made, so that a file
    /// denser in a kind later than earlier still grows its tables a few times, not at every chunk.
    mutating func reserveRows(like chunk: borrowing DecodedChunk, endingAt chunkEnd: Int, fileEnd: Int) {
        for position in tables.indices {
            let rows = chunk.tables[position].nodes.count
            guard rows > 0, tables[position].capacity < tables[position].nodes.count + rows,
                let first = chunk.firstOffset(ofKind: position), first < chunkEnd
            else { continue }
            let judged = 1.1 * Double(rows) * Double(max(fileEnd - first, 0)) / Double(chunkEnd - first)
            let room = max(Int(min(judged, Double(Int32.max))), 2 * tables[position].capacity, rows)
            tables[position].reserveCapacity(tables[position].nodes.count + room)
        }
    }
}

extension GraphBuilder {
    /// The nodes numbered so far, to find edges' ends among on another thread
    /// (``DecodedChunk/findEnds(among:)``) while the builder goes on: the builder's arrays
    /// are shared until it adds a node.
    var endFinder: EndFinder { EndFinder(table: idIndex, ids: ids, hashes: idHashes, hashedFrom: hashedFrom) }
}
