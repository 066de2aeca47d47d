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

    @Test("pattern matches a where kept rest on those matches, each on the least firm of its nodes")
    func filteredMatches() throws {
        let session = try Session()
        let pattern = "match (i:incident)-[:targeted]->(o:org)"
        let all = try #require(try session.rows("\(pattern) | count").computedFrom)
        #expect(all.count(of: .reported) == 4 && all.count(of: .synthetic) == 206)
        // Every incident targets one org, and a reported incident a reported org: the matches a
        // condition on `i` keeps rest on what the same incidents do.
        for (tail, incidents) in [
            (#"where i.provenance == "synthetic" | count"#, #"where provenance == "synthetic" | count"#),
            (#"where i.provenance == "reported" | count by o"#, #"where provenance == "reported" | count"#),
            (
                #"where i.provenance == "reported" or i.files_exfiltrated > 20 | skip 0 | count"#,
                #"where provenance == "reported" or files_exfiltrated > 20 | count"#
            ),
            ("take 7 | count", "take 7 | count"),
        ] {
            let statement = "\(pattern) | \(tail)"
            let tally = try #require(try session.rows(statement).computedFrom, "\(statement)")
            let expected = try #require(try session.rows("incidents | \(incidents)").computedFrom)
            #expect(
                tally.count(of: .reported) == expected.count(of: .reported)
                    && tally.count(of: .synthetic) == expected.count(of: .synthetic) && tally.total < 210
                    && tally.noun == "pattern matches", "\(statement): \(tally.summary(kind: nil))")
        }
        // A generated incident attributed to a reported actor is a generated match, whichever
        // node comes first.
        for attributed in ["(i:incident)-[:attributed_to]->(a:actor)", "(a:actor)<-[:attributed_to]-(i:incident)"] {
            let statement = #"match \#(attributed) | where a.provenance == "reported" | skip 0 | count"#
            let tally = try #require(try session.rows(statement).computedFrom, "\(statement)")
            #expect(tally.count(of: .synthetic) == 206 && tally.count(of: .reported) == 4, "\(statement)")
        }
        // Rows that no longer hold their nodes say what their table was computed from: every match.
        let named = try #require(try session.rows("\(pattern) | select n = i.name | take 3 | count").computedFrom)
        #expect(named.total == 210)
    }
}
