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
}
