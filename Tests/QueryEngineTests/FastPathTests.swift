import IncidentGraph
import PluginAPI
import QueryEngine
import Testing

/// The compiled fast paths give exactly what the general evaluation gives. Writing the literal
/// as `"…" + ""` defeats each fast path, so both forms are run and compared.
@Suite("Fast paths agree with the general evaluation")
struct FastPathTests {
    let session: Session

    init() throws {
        session = try Session()
    }

    private func count(_ statement: String) throws -> [Value] {
        try session.rows(statement).rows.map { $0.values.last ?? .null }
    }

    @Test(
        "lower(X) compared with a literal, on ASCII and Japanese text",
        arguments: ["contains", "starts with", "ends with", "=="])
    func lowercase(op: String) throws {
        for literal in ["think tank", "inc", "jaxa intrusion 2024-05", "", "org", "日米", "tank 0"] {
            for source in ["incidents | where lower(name) \(op) LIT", "lures | where lower(subject) \(op) LIT"] {
                let fast = source.replacingOccurrences(of: "LIT", with: "\"\(literal)\"")
                let general = source.replacingOccurrences(of: "LIT", with: "(\"\(literal)\" + \"\")")
                #expect(try count(fast + " | count") == count(general + " | count"), "\(fast)")
            }
        }
    }

    @Test("links compared with @id or an id's text, and links as group keys")
    func links() throws {
        let pairs = [
            ("incidents | where target == @jaxa | count", "incidents | where target == coalesce(@jaxa) | count"),
            (
                #"incidents | where target.sector != "media" | count"#,
                #"incidents | where target.sector != ("media" + "") | count"#
            ),
            (
                #"incidents | where target.sector == "no-such-sector" | count"#,
                #"incidents | where target.sector == ("no-such-sector" + "") | count"#
            ),
            ("incidents | count by target.sector", "incidents | count by coalesce(target.sector)"),
            (
                "incidents | summarize sum(files_exfiltrated), max(ts), count() by target, true_phase",
                "incidents | summarize sum(files_exfiltrated), max(ts), count() by coalesce(target), true_phase"
            ),
            (
                "incidents | where vector == \"vpn-device\" | count by hour(ts, \"Asia/Shanghai\"), weekday(ts)",
                "incidents | where vector == (\"vpn-device\" + \"\") | extend h = hour(ts, \"Asia/Shanghai\"), w = weekday(ts) | count by h, w"
            ),
        ]
        for (fast, general) in pairs {
            let a = try session.rows(fast).rows.map(\.values)
            let b = try session.rows(general).rows.map(\.values)
            #expect(a == b, "\(fast)")
        }
    }
}
