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
    /// An end that names the node the same end of the edge before named, or one of the few
    /// nodes after it, is found without the table: files list a node's edges together, or one
    /// edge per node in node order (some nodes without one). The others are looked up a run at
    /// a time in tight loops, so that the memory reads of the run overlap: every table slot
    /// first, then the id of each candidate found there, then each end checked. The arrays are
    /// read in place throughout.
    func ends(
        of chunk: DecodedChunk, _ range: Range<Int>, known: [Int32] = [], into ends: inout [Int32],
        candidates: inout [Int32]
    ) {
        ends.removeAll(keepingCapacity: true)
        ends.append(contentsOf: repeatElement(-1, count: 2 * range.count))
        let known = known.isEmpty ? known[...] : known[2 * range.lowerBound..<2 * range.upperBound]
        ids.withUnsafeBufferPointer { ids in
            hashes.withUnsafeBufferPointer { hashes in
                chunk.withEdgesAndText { edges, text in
                    let search = EndSearch(
                        table: table, ids: ids, hashes: hashes, hashedFrom: hashedFrom, chunk: chunk,
                        edges: UnsafeBufferPointer(rebasing: edges[range]), text: text)
                    known.withUnsafeBufferPointer { known in
                        ends.withUnsafeMutableBufferPointer { ends in
                            candidates.withUnsafeMutableBufferPointer { candidates in
                                search.find(known: known, into: ends, candidates: candidates)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The search of ``EndFinder/ends(of:_:known:into:candidates:)`` over arrays held in place.
private struct EndSearch {
    let table: IDTable
    let ids: UnsafeBufferPointer<String>
    let hashes: UnsafeBufferPointer<UInt64>
    let hashedFrom: Int
    /// The chunk, for the ends it holds as decoded ids.
    let chunk: DecodedChunk
    /// The edges whose ends are sought, and the chunk's text.
    let edges: UnsafeBufferPointer<DecodedChunk.Edge>
    let text: UnsafeRawBufferPointer

    /// Finds the ends of `edges` into `ends` (two per edge), taking those `known` holds (two
    /// per edge, or none).
    func find(
        known: UnsafeBufferPointer<Int32>, into ends: UnsafeMutableBufferPointer<Int32>,
        candidates: UnsafeMutableBufferPointer<Int32>
    ) {
        var previous: (from: Int32, to: Int32) = (-1, -1)
        var runStart = 0
        while runStart < edges.count {
            let run = runStart..<min(runStart + GraphBuilder.lookupRun, edges.count)
            let slots = 2 * run.lowerBound..<2 * run.upperBound
            for index in run {
                let edge = edges[index]
                let (knownFrom, knownTo) = known.isEmpty ? (-1, -1) : (known[2 * index], known[2 * index + 1])
                previous.from = knownFrom >= 0 ? knownFrom : follow(edge.from, after: previous.from) ?? -1
                previous.to = knownTo >= 0 ? knownTo : follow(edge.to, after: previous.to) ?? -1
                (ends[2 * index], ends[2 * index + 1]) = previous
            }
            for slot in slots where ends[slot] < 0 {
                candidates[slot - slots.lowerBound] = table.candidate(hash: end(slot).hash) ?? -1
            }
            for slot in slots where ends[slot] < 0 && candidates[slot - slots.lowerBound] >= 0 {
                let candidate = candidates[slot - slots.lowerBound]
                if ids[Int(candidate)].utf8.count != end(slot).count { candidates[slot - slots.lowerBound] = -1 }
            }
            for slot in slots where ends[slot] < 0 {
                let candidate = candidates[slot - slots.lowerBound]
                ends[slot] = node(end(slot), candidate: candidate < 0 ? nil : candidate)
            }
            previous = (ends[slots.upperBound - 2], ends[slots.upperBound - 1])
            runStart = run.upperBound
        }
    }

    /// The end at `slot`: two per edge, start first.
    private func end(_ slot: Int) -> DecodedChunk.EndID {
        let edge = edges[slot >> 1]
        return slot & 1 == 0 ? edge.from : edge.to
    }

    /// The node an edge end names when it is `last` or one of the few nodes after it; nil
    /// when it is none of them, or `last` is -1 (not known yet).
    private func follow(_ end: DecodedChunk.EndID, after last: Int32) -> Int32? {
        guard last >= 0 else { return nil }
        for node in Int(last)..<min(Int(last) + Self.nodesFollowed, ids.count) where mayName(end, node) {
            if names(end, node) { return Int32(node) }
        }
        return nil
    }

    /// Nodes from the one the same end of the edge before named that an end is compared
    /// with before the table is read: their hashes lie together, where the table's slots lie
    /// anywhere. A file that lists one edge per node for most nodes (in node order, some
    /// nodes without one) finds nearly every such end among them.
    private static let nodesFollowed = 5

    /// Whether an edge end may name node `node`: false only when their hashes differ.
    private func mayName(_ end: DecodedChunk.EndID, _ node: Int) -> Bool {
        node < hashedFrom || hashes[node - hashedFrom] == end.hash
    }

    /// Whether an edge end names node `node`: the bytes of the text it stands for are the id's.
    private func names(_ end: DecodedChunk.EndID, _ node: Int) -> Bool {
        guard end.count >= 0,
            let equal = ids[node].utf8.withContiguousStorageIfAvailable({ id in
                id.count == end.count
                    && (id.isEmpty || ShortBytes.equal(text.baseAddress! + end.start, id.baseAddress!, count: id.count))
            })
        else { return chunk.names(end, ids[node]) }
        return equal
    }

    /// The number of the node an edge end names, or -1; `candidate` is a guess
    /// (``IDTable/candidate(hash:)``) that is checked first.
    private func node(_ end: DecodedChunk.EndID, candidate: Int32?) -> Int32 {
        if let candidate, names(end, Int(candidate)) { return candidate }
        return table.find(hash: end.hash) { names(end, Int($0)) } ?? -1
    }
}
