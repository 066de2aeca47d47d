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
}
