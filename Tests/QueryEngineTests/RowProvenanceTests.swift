import IncidentGraph
import PluginAPI
import QueryEngine
import Testing

/// Rows that are not nodes say what they rest on when counted: a count of some of an imported
/// file's rows rests on those rows, not on the whole file.
@Suite("Counted rows of one origin rest on the rows counted")
struct RowProvenanceTests {
    @Test("a count or summary of some imported rows rests on those rows; a count of groups on what they came from")
    func importedRows() throws {
        let session = try Session()
        var mail = RowSet(
            columns: ["sender", "subject"],
            rows: [("a@x", "hello"), ("b@y", "Taiwan strait"), ("c@z", "Taiwan visit"), ("d@w", "meeting")].map {
                Row(node: nil, values: [.string($0.0), .string($0.1)])
            },
            carriesNodes: false)
        mail.computedFrom = ProvenanceTally(
            .imported, count: 4, noun: "rows of mail.csv", singular: "row of mail.csv")
        session.state.bindings["mail"] = mail
        for (statement, counted) in [
            (#"mail | where subject contains "Taiwan" | count"#, 2),
            (#"mail | where subject contains "Taiwan" | skip 0 | count by sender"#, 2),
            ("mail | take 3 | summarize count() as n", 3),
            ("mail | count by sender | count", 4),
        ] {
            let tally = try #require(try session.rows(statement).computedFrom, "\(statement)")
            #expect(tally.count(of: .imported) == counted && tally.total == counted, "\(statement)")
            #expect(tally.noun == "rows of mail.csv", "\(statement)")
        }
        let one = try session.rows(#"mail | where sender == "a@x" | count"#).computedFrom
        #expect(one?.summary(kind: nil) == "from 1 row of mail.csv: 1 imported")
    }
}
