import IncidentGraph
import Testing

/// One overflow rule: a result that does not fit in 64 bits is null, the same for every
/// operator, function and aggregate — and nothing reachable from a statement traps.
@Suite("Integer, instant and duration overflow")
struct OverflowTests {
    @Test(
        "results past 64 bits are null",
        arguments: [
            "9223372036854775807 + 1", "9223372036854775807 * 2", "-9223372036854775807 - 2",
            "abs(-9223372036854775807 - 1)", "-(-9223372036854775807 - 1)", "(-9223372036854775807 - 1) % -1",
            "2024-01-01 + 9999999999999d", "2024-01-01T00:00:00Z - 9999999999999d",
            Array(repeating: "9999999999999d", count: 11).joined(separator: " + "),
        ])
    func overflowIsNull(expression: String) throws {
        let value = try Session().value(expression)
        #expect(value == .null, "\(expression) gave \(value)")
    }

    @Test("ordinary results are unchanged")
    func ordinary() throws {
        let session = try Session()
        #expect(try session.value("abs(-5)") == .int(5))
        #expect(try session.value("-(3)") == .int(-3))
        #expect(try session.value("7 % -2") == .int(1))
        #expect(try session.value("9223372036854775806 + 1") == .int(Int.max))
    }

    @Test("a sum past 2^63 is null, not wrapped around")
    func sumOverflow() throws {
        let rows = try Session().rows("incidents | summarize total = sum(9223372036854775807), small = sum(1)")
        #expect(rows.rows.first?.values == [.null, .int(210)])
    }

    @Test("statements that would run away end with a clear error: doubling text, backtracking, huge matches")
    func runaways() throws {
        let session = try Session()
        _ = try session.run("def fn f(s) = f(s + s)")
        #expect(session.diagnostic("f(\"ab\")")?.code == "value.too-long")
        let text = String(repeating: "a", count: 2_000)
        // Look-ahead leaves the pattern to ICU, which backtracks.
        #expect(session.diagnostic("\"\(text)bc\" ~ \"a*a*a*a*a*(?=c)c\"")?.code == "value.regex-budget")
        // A text without the `c` every match needs is no match, without running the matcher.
        #expect(try session.value("\"\(text)\" ~ \"a*a*a*a*a*c\"") == .bool(false))
        #expect(try session.value("\"\(text)c\" ~ \"a*c\"") == .bool(true))
        let match = "match (a)-[*1..2]-(b)-[*1..2]-(c)-[*1..2]-(d)-[*1..2]-(e) | count"
        #expect(session.diagnostic(match)?.code == "run.too-many-rows")
    }
}
