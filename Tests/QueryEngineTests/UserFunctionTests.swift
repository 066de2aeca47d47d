import PluginAPI
import QueryEngine
import QuerySyntax
import Testing

/// `def fn` functions and `any`/`all` lambdas: names bound while the statement runs.
@Suite("Functions and lambdas bind their names while they run")
struct UserFunctionTests {
    /// The first cell of a query's result.
    func cell(_ session: Session, _ query: String) throws -> Value? {
        try session.rows(query).rows.first?.values.first
    }

    @Test("a lambda's element and a function's parameters hide properties and columns of the same name")
    func shadowing() throws {
        let session = try Session()
        let byElement = try cell(session, #"incidents | where any(malware, name => name.name == "LODEINFO") | count"#)
        #expect(byElement != nil && byElement != .int(0))
        #expect(try byElement == cell(session, #"incidents | where any(malware, m => m.name == "LODEINFO") | count"#))
        _ = try session.run("def fn same(vector) = vector")
        #expect(try cell(session, "incidents | take 1 | extend x = same(7) | select x") == .int(7))
    }

    @Test("a function's bindings are undone when it returns, also when it calls itself or another")
    func nestedCalls() throws {
        let session = try Session()
        _ = try session.run("def fn inc(x) = x + 1")
        _ = try session.run("def fn twice(x) = inc(inc(x)) * 10 + x")
        #expect(try session.value("twice(3)") == .int(53))
        _ = try session.run("def fn has(list, wanted) = any(list, m => m.name == wanted)")
        let viaFunction = try cell(session, #"incidents | where has(malware, "LODEINFO") | count"#)
        #expect(try viaFunction == cell(session, #"incidents | where any(malware, m => m.name == "LODEINFO") | count"#))
        // Nested lambdas of one name: the inner element hides the outer only inside.
        #expect(try session.value("any([[1, 2], [3]], x => any(x, x => x == 3))") == .bool(true))
        #expect(try session.value("any([1], x => any([5], x => x > 0) and x == 1)") == .bool(true))
    }

    @Test("a problem in a function's body is told as the function's, under the call")
    func problemInBody() throws {
        let session = try Session()
        _ = try session.run(#"def fn g(x) = x + "a" * 2"#)
        let statement = "1 + g(1)"
        let found = try #require(session.diagnostic(statement))
        #expect(found.code == "type.arithmetic")
        #expect(found.message.hasPrefix("in function `g`: cannot apply `*`"))
        let span = try #require(found.span)
        #expect(String(Array(statement)[span.start..<span.end]) == "g(1)")
        _ = try session.run("def fn loop(x) = loop(x)")
        #expect(
            session.diagnostic("loop(1)")?.message == "in function `loop`: functions call each other more than 64 deep")
    }

    @Test("a function's body is checked where it is called, as it runs there, before any row is read")
    func bodyCheckedAtCall() throws {
        let session = try Session()
        _ = try session.run("def fn missing(x) = x == null")
        let statement = "incidents | where missing(lure) | count"
        let found = try #require(session.diagnostics(statement).first)
        #expect(found.code == "type.null-compare")
        #expect(found.message == "in function `missing`: a comparison with `null` is null whatever `x` holds")
        #expect(found.hint == "to test for a missing value, write `x is null`")
        let span = try #require(found.span)
        #expect(String(Array(statement)[span.start..<span.end]) == "missing(lure)")
        // The body sees the rows of the call's place: `ts` is an incident's, not a lure's.
        _ = try session.run("def fn late(x) = ts > x")
        #expect(session.diagnostics("incidents | where late(2024-01-01) | count").isEmpty)
        #expect(
            session.diagnostics("lures | where late(2024-01-01) | count").map(\.message) == [
                "in function `late`: kind `lure` has no property or link `ts`"
            ])
        // A function called from another is checked inside it; one that calls itself, once.
        _ = try session.run("def fn later(x) = late(x) or false")
        #expect(
            session.diagnostics("lures | where later(2024-01-01) | count").map(\.message) == [
                "in function `later`: in function `late`: kind `lure` has no property or link `ts`"
            ])
        _ = try session.run("def fn loop(x) = loop(x) + 1")
        #expect(session.diagnostics("incidents | where loop(1) > 0 | count").map(\.code) == ["call.depth"])
        // It sees the call's lambda element too, as when it runs.
        _ = try session.run(#"def fn lodeinfo() = m.name == "LODEINFO""#)
        let viaFunction = try cell(session, "incidents | where any(malware, m => lodeinfo()) | count")
        #expect(try viaFunction == cell(session, #"incidents | where any(malware, m => m.name == "LODEINFO") | count"#))
        #expect(viaFunction != .int(0))
        // Forty functions each calling the one before twice: each body is checked once at a
        // place, not 2⁴⁰ times (`false and …` never runs the calls).
        _ = try session.run("def fn f0(x) = x")
        for level in 1...40 { _ = try session.run("def fn f\(level)(x) = f\(level - 1)(x) + f\(level - 1)(x)") }
        #expect(try cell(session, "incidents | where false and f40(1) > 0 | count") == .int(0))
        _ = try session.run("def fn f0(x) = x == null")
        #expect(
            session.diagnostics("incidents | where false and f2(1) > 0 | count").map(\.message) == [
                "in function `f2`: in function `f1`: in function `f0`: a comparison with `null` is null whatever `x` holds"
            ])
    }
}
