extension GraphBuilder {
    /// Ids looked up together: every id's table slot first, so that the reads overlap, then
    /// each id checked.
    static let lookupRun = 32

    /// Takes in a chunk of a file decoded on another thread, whose first line is line
    /// `firstLine` of the file `file`: numbers its nodes and adds its edges in file order, as
    /// adding its records one by one would (the same node and edge numbers, the same first
    /// error), then appends its columns to the kinds' tables whole.
    package mutating func add(_ chunk: DecodedChunk, file: String, firstLine: Int) throws(GraphError) {
        var locator = Locator(file: file, bytes: chunk.bytes, firstLine: firstLine, lineEndsAtCR: chunk.lineEndsAtCR)
        let nodeBase = nodeCount
        let rowBase = tables.map(\.nodes.count)
        var rowInChunk = [Int](repeating: 0, count: tables.count)
        var claimed = 0
        // Nodes are numbered a run at a time: the table slots of the run's ids are read first,
        // so that the reads overlap, then each id is filed.
        var candidates = [Int32?](repeating: nil, count: Self.lookupRun)
        func claimNodes(upTo end: Int, _ builder: inout GraphBuilder) throws(GraphError) {
            while claimed < end {
                let run = claimed..<min(claimed + Self.lookupRun, end)
                for index in run {
                    candidates[index - run.lowerBound] = builder.idIndex.candidate(hash: chunk.nodeHashes[index])
                }
                for index in run {
                    let kind = Int(chunk.nodeKinds[index])
                    try builder.claim(
                        chunk.nodeIDs[index], hash: chunk.nodeHashes[index],
                        candidate: candidates[index - run.lowerBound], kindPosition: kind,
                        row: rowBase[kind] + rowInChunk[kind]
                    ) { locator.location(at: chunk.nodeOffsets[index]) }
                    rowInChunk[kind] += 1
                }
                claimed = run.upperBound
            }
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

extension GraphBuilder {
    /// The nodes numbered so far, to find edges' ends among on another thread
    /// (``DecodedChunk/findEnds(among:)``) while the builder goes on: the builder's arrays
    /// are shared until it adds a node.
    var endFinder: EndFinder { EndFinder(table: idIndex, ids: ids, hashes: idHashes, hashedFrom: hashedFrom) }
}

/// Finds edges' ends among nodes numbered already.
struct EndFinder: Sendable {
    let table: IDTable
    let ids: [String]
    /// The hashes of the ids from node `hashedFrom` on (``GraphBuilder/idHashes``).
    let hashes: [UInt64]
    let hashedFrom: Int

    /// The node numbers of the ends of a chunk's edges `range`, two per edge, -1 for a node
    /// not added yet, into `ends`; `known` holds ends found before (two per edge of the chunk,
    /// -1 where none was, or nothing), which are taken as they are. `candidates` has room for a
    /// run's (``GraphBuilder/lookupRun``).
    ///
    /// An end that names the node the same end of the edge before named, or the node after
    /// it, is found without the table: files list a node's edges together, or one edge per
    /// node in node order. The others are looked up a run at a time in tight loops, so that
    /// the memory reads of the run overlap: every table slot first, then the id of each
    /// candidate found there, then each end checked.
    func ends(
        of chunk: DecodedChunk, _ range: Range<Int>, known: [Int32] = [], into ends: inout [Int32],
        candidates: inout [Int32]
    ) {
        let edges = chunk.edges
        ends.removeAll(keepingCapacity: true)
        ends.append(contentsOf: repeatElement(-1, count: 2 * range.count))
        var previous: (from: Int32, to: Int32) = (-1, -1)
        var runStart = range.lowerBound
        while runStart < range.upperBound {
            let run = runStart..<min(runStart + GraphBuilder.lookupRun, range.upperBound)
            let slots = 2 * (run.lowerBound - range.lowerBound)..<2 * (run.upperBound - range.lowerBound)
            for index in run {
                let edge = edges[index]
                let (knownFrom, knownTo) = known.isEmpty ? (-1, -1) : (known[2 * index], known[2 * index + 1])
                previous.from = knownFrom >= 0 ? knownFrom : follow(edge.from, after: previous.from, of: chunk) ?? -1
                previous.to = knownTo >= 0 ? knownTo : follow(edge.to, after: previous.to, of: chunk) ?? -1
                (ends[2 * (index - range.lowerBound)], ends[2 * (index - range.lowerBound) + 1]) = previous
            }
            for slot in slots where ends[slot] < 0 {
                candidates[slot - slots.lowerBound] = table.candidate(hash: end(slot, range, edges).hash) ?? -1
            }
            for slot in slots where ends[slot] < 0 && candidates[slot - slots.lowerBound] >= 0 {
                let candidate = candidates[slot - slots.lowerBound]
                if ids[Int(candidate)].utf8.count != end(slot, range, edges).count {
                    candidates[slot - slots.lowerBound] = -1
                }
            }
            for slot in slots where ends[slot] < 0 {
                let candidate = candidates[slot - slots.lowerBound]
                ends[slot] = node(end(slot, range, edges), of: chunk, candidate: candidate < 0 ? nil : candidate)
            }
            previous = (ends[slots.upperBound - 2], ends[slots.upperBound - 1])
            runStart = run.upperBound
        }
    }

    /// The end at `slot` of the ends of the edges `range`: two per edge, start first.
    private func end(_ slot: Int, _ range: Range<Int>, _ edges: [DecodedChunk.Edge]) -> DecodedChunk.EndID {
        let edge = edges[range.lowerBound + slot / 2]
        return slot % 2 == 0 ? edge.from : edge.to
    }

    /// The node an edge end names when it is `last` or the node after it; nil when it is
    /// neither, or `last` is -1 (not known yet).
    private func follow(_ end: DecodedChunk.EndID, after last: Int32, of chunk: DecodedChunk) -> Int32? {
        guard last >= 0 else { return nil }
        if mayName(end, Int(last)), chunk.names(end, ids[Int(last)]) { return last }
        let next = Int(last) + 1
        return next < ids.count && mayName(end, next) && chunk.names(end, ids[next]) ? Int32(next) : nil
    }

    /// Whether an edge end may name node `node`: false only when their hashes differ.
    private func mayName(_ end: DecodedChunk.EndID, _ node: Int) -> Bool {
        node < hashedFrom || hashes[node - hashedFrom] == end.hash
    }

    /// The number of the node an edge end names, or -1; `candidate` is a guess
    /// (``IDTable/candidate(hash:)``) that is checked first.
    private func node(_ end: DecodedChunk.EndID, of chunk: DecodedChunk, candidate: Int32?) -> Int32 {
        if let candidate, chunk.names(end, ids[Int(candidate)]) { return candidate }
        return table.find(hash: end.hash) { chunk.names(end, ids[Int($0)]) } ?? -1
    }
}
