import Testing

@testable import IncidentGraph

@Suite("Provenance stored once per distinct record")
struct ProvenanceColumnTests {
    let reported = Provenance(origin: .reported, sources: ["s1", "s2"], status: .reported)
    let other = Provenance(origin: .reported, sources: ["s3"], status: nil)

    @Test("rows read back what was appended; each distinct record is kept once")
    func appendAndRead() {
        var column = ProvenanceColumn()
        // Records next to each other that differ only in their sources, or only in their status.
        let otherSources = Provenance(origin: .reported, sources: ["s9"], status: .reported)
        let imported = Provenance(origin: .imported, sources: [], status: nil)
        let unconfirmed = Provenance(origin: .imported, sources: [], status: .unconfirmed)
        let appended = [
            Provenance.synthetic, .synthetic, reported, otherSources, .synthetic, other, reported, reported, imported,
            unconfirmed, imported,
        ]
        for provenance in appended { column.append(provenance) }
        #expect((0..<column.count).map { column[$0] } == appended)
        #expect(column.distinct == [.synthetic, reported, otherSources, other, imported, unconfirmed])
        #expect((0..<column.count).map(column.origin(at:)) == appended.map(\.origin))
    }

    @Test("another column's rows are renumbered into this one's records")
    func appendColumn() {
        var first = ProvenanceColumn()
        var second = ProvenanceColumn()
        for provenance in [reported, .synthetic] { first.append(provenance) }
        for provenance in [other, .synthetic, reported, other] { second.append(provenance) }
        first.append(contentsOf: second)
        #expect((0..<first.count).map { first[$0] } == [reported, .synthetic, other, .synthetic, reported, other])
        #expect(first.distinct.count == 3)
    }

    @Test("stored numbers past the records are refused (a damaged snapshot)")
    func storedNumbers() {
        #expect(ProvenanceColumn(numbers: [0, 1, 0], distinct: [.synthetic, reported]) != nil)
        #expect(ProvenanceColumn(numbers: [0, 2], distinct: [.synthetic, reported]) == nil)
    }
}
