import Testing

@testable import IncidentGraph

@Suite("The id table")
struct IDTableTests {
    @Test("ids filed before and after making room are all found, each under its own number; a taken id is refused")
    func reserve() {
        let ids = (0..<5_000).map { "id-\($0)" }
        var table = IDTable()
        for number in 0..<100 {
            #expect(table.insert(Int32(number), hash: IDHash.of(ids[number]), matching: ids[number], in: ids) == nil)
        }
        table.reserveCapacity(ids.count)
        for number in 100..<ids.count {
            #expect(table.insert(Int32(number), hash: IDHash.of(ids[number]), matching: ids[number], in: ids) == nil)
        }
        let found = ids.indices.allSatisfy { table.find(ids[$0], in: ids) == Int32($0) }
        #expect(found && table.count == ids.count)
        #expect(table.find("id-5000", in: ids + ["id-5000"]) == nil)
        #expect(table.insert(7, hash: IDHash.of(ids[42]), matching: ids[42], in: ids) == 42)
    }

    @Test("ids of every length, and ids alike but for one byte, hash apart and spread over the table's slots")
    func hashesSpread() {
        // Short ids, ids of 8 to 16 bytes (hashed in two steps), longer ones; each set differs
        // only in its digits, at the start, in the middle or at the end.
        let ids =
            (0..<60_000).map { "o\($0)" } + (0..<60_000).map { "inc-\(String(1_000_000 + $0).dropFirst())" }
            + (0..<60_000).map { "\($0)-campaign-phase" } + (0..<60_000).map { "lure-subject-number-\($0)" }
        let hashes = ids.map(IDHash.of)
        #expect(Set(hashes).count == ids.count)
        // The table's slot is taken from a hash's top bits: 2^16 buckets hold about 3.7 ids each.
        var buckets = [Int](repeating: 0, count: 1 << 16)
        for hash in hashes { buckets[Int(hash >> 48)] += 1 }
        #expect(buckets.max() ?? 0 <= 20, "fullest of 65,536 buckets: \(buckets.max() ?? 0)")
    }
}
