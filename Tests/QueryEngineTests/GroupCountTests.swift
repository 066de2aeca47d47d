import IncidentGraph
import PluginAPI
import QueryEngine
import Testing

/// How many distinct values there are, asked for as `distinct … | count` or as an aggregate, is
/// worked out from the groups alone: the same count, resting on the same rows, and the same error,
/// as the rows made and counted.
@Suite("Counts of distinct values agree with the rows they count")
struct GroupCountTests {
    let session: Session

    init() throws {
        session = try Session()
        var mail = RowSet(
            columns: ["sender", "subject"],
            rows: [("a@x", "hello"), ("b@y", "Taiwan"), ("a@x", "Taiwan"), ("a@x", "hello")].map {
                Row(node: nil, values: [.string($0.0), .string($0.1)])
            },
            carriesNodes: false)
        mail.computedFrom = ProvenanceTally(.imported, count: 4, noun: "rows of mail.csv", singular: "row of mail.csv")
        session.state.bindings["mail"] = mail
    }

    @Test(
        "distinct … | count: the count and the provenance of the distinct rows counted",
        arguments: [
            "incidents | distinct vector", "incidents | distinct vector, actor", "incidents | distinct id",
            "incidents | distinct lower(name)", "incidents | distinct vector, outcome, target, actor",
            "incidents | where vector == \"vpn-device\" | distinct target",
            "incidents | where false | distinct vector",
            "@mirrorface | in attributed_to | out targeted | distinct kind",
            "edges | distinct label", "edges | distinct label, to", "edges | where label == \"nothing\" | distinct to",
            "match (i:incident)-[:targeted]->(o:org) | distinct o",
            "match (i:incident)-[:targeted]->(o:org) | distinct o.name, i.vector",
            "mail | distinct sender", "mail | distinct sender, subject",
            "mail | where sender == \"z\" | distinct subject",
        ])
    func distinctCounted(_ distinct: String) throws {
        let counted = try session.rows(distinct + " | count")
        let made = try session.rows(distinct + " | skip 0 | count")
        #expect(counted.columns == ["count"] && counted.rows.map(\.values) == made.rows.map(\.values))
        #expect(counted.computedFrom == made.computedFrom)
        #expect(counted.computedFrom?.summary(kind: nil) == made.computedFrom?.summary(kind: nil))
        // Not every one counts nothing: the rows counted are the distinct ones.
        let rows = try session.rows(distinct).count
        #expect(counted.rows.first?.values == [.int(rows)])
    }

    @Test("distinct … | count of a value that fails on a row gives that row's error, as the rows made do")
    func distinctFailing() {
        for statement in ["incidents | distinct date(vector)", "incidents | distinct vector, date(name)"] {
            let counted = session.diagnostic(statement + " | count")
            let made = session.diagnostic(statement + " | skip 0 | count")
            #expect(counted != nil && counted?.message == made?.message && counted?.span == made?.span, "\(statement)")
        }
    }

    @Test(
        "distinct_count(id) and count(id) of rows of nodes: those of coalesce(id), and what they rest on",
        arguments: [
            "incidents", "incidents | where vector == \"vpn-device\"", "@mirrorface | in attributed_to | out targeted",
            "nodes", "incidents | where false",
        ])
    func identifiers(_ rows: String) throws {
        for by in ["", " by vector", " by kind"] {
            let fast = try session.rows(rows + " | summarize distinct_count(id), count(id), count()" + by)
            let general = try session.rows(
                rows + " | summarize distinct_count(coalesce(id)), count(coalesce(id)), count()" + by)
            #expect(fast.rows.map(\.values) == general.rows.map(\.values), "\(rows)\(by)")
            #expect(fast.computedFrom == general.computedFrom, "\(rows)\(by)")
        }
        // A column named `id` is that column, not the nodes' ids.
        let selected = try session.rows(rows + " | extend id = kind | summarize distinct_count(id)")
        let kinds = try session.rows(rows + " | summarize distinct_count(kind)")
        #expect(selected.rows.map(\.values) == kinds.rows.map(\.values), "\(rows)")
    }
}
