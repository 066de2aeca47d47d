import QueryEngine
import QuerySyntax

/// The workspace side of `:explain`, `:mode` and `:bindings`.
extension Workspace {
    /// The plan of a query (`:explain QUERY`), or the plan run with the rows and time of every
    /// step (`:explain analyze QUERY`); errors have their positions in the `:explain` line.
    func explain(_ invocation: CommandInvocation) throws(Diagnostic) -> String {
        var text = invocation.rest.text
        var start = invocation.rest.start
        let analyze = invocation.arguments.count > 1 && invocation.arguments[0].text == "analyze"
        if analyze {
            let queryStart = invocation.arguments[1].span.start
            text = String(text.dropFirst(queryStart - start))
            start = queryStart
        }
        let parsed = Parser.parse(text)
        guard let statement = parsed.statement else {
            guard let first = parsed.diagnostics.first else {
                throw Diagnostic(
                    code: .explainNeedsQuery, message: "`:explain` needs a query", span: nil,
                    hint: ":explain incidents | where ts in 2023-02..2023-10 | count")
            }
            throw first.shifted(by: start)
        }
        guard case .query(let query) = statement.kind else {
            return "not a query: a statement of this kind is evaluated directly"
        }
        if let first = QueryRunner.diagnostics(of: text, graph: document.graph, state: queryState, registry: registry)
            .first
        {
            throw first.shifted(by: start)
        }
        let runner = QueryRunner(
            graph: document.graph, state: queryState, source: text, registry: registry, cancellation: cancellation)
        do {
            guard analyze else {
                return try runner.plan(query).lines(text: text, width: settings.width).joined(separator: "\n")
            }
            let (plan, measurement) = try runner.analyze(query)
            return plan.lines(text: text, measured: measurement, width: settings.width).joined(separator: "\n")
        } catch {
            throw error.shifted(by: start)
        }
    }

    /// Sets the result format; without an argument, says which is in use.
    func setMode(_ argument: (text: String, span: SourceSpan)?) throws(Diagnostic) -> String {
        guard let argument else { return "mode: \(settings.format.rawValue)" }
        guard let format = ResultFormat(rawValue: argument.text) else {
            throw Diagnostic(
                code: .unknownMode, message: "unknown mode `\(argument.text)`", span: argument.span,
                hint: "modes: " + ResultFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        settings.format = format
        return "mode: \(format.rawValue)"
    }

    /// `:set ascii on|off`, `:set pager on|off`, `:set memory MiB`.
    func set(_ invocation: CommandInvocation) throws(Diagnostic) -> String {
        let arguments = invocation.arguments
        if arguments.count == 2, arguments[0].text == "memory" {
            guard let megabytes = Int(arguments[1].text), megabytes >= 16 else {
                throw Diagnostic(
                    code: .setting, message: "`:set memory` takes a number of MiB, at least 16",
                    span: arguments[1].span, hint: ":set memory 4096")
            }
            memoryBudget.megabytes = megabytes
            return "memory: a statement may take \(megabytes) MiB more than Kagami holds when it begins"
        }
        guard arguments.count == 2, ["ascii", "pager"].contains(arguments[0].text),
            ["on", "off"].contains(arguments[1].text)
        else {
            throw Diagnostic(
                code: .setting, message: "`:set` knows `ascii on|off`, `pager on|off` and `memory MiB`",
                span: arguments.first?.span ?? invocation.nameSpan, hint: ":set ascii on")
        }
        let on = arguments[1].text == "on"
        if arguments[0].text == "pager" {
            settings.pager = on
            return "pager: " + (on ? "on (results taller than the terminal go through $PAGER or less)" : "off")
        }
        settings.ascii = on
        return "charts: " + (settings.ascii ? "ASCII" : "block characters")
    }

    /// `:timer on|off`; without an argument, whether it is on.
    func setTimer(_ invocation: CommandInvocation) throws(Diagnostic) -> String {
        if let argument = invocation.arguments.first {
            guard ["on", "off"].contains(argument.text) else {
                throw Diagnostic(
                    code: .timer, message: "`:timer` takes `on` or `off`", span: argument.span,
                    hint: ":timer on")
            }
            settings.timer = argument.text == "on"
        }
        return "timer: " + (settings.timer ? "on" : "off")
    }

    /// The last table in full: every row, whole values (still fitted to the terminal).
    func showLast(at span: SourceSpan) throws(Diagnostic) -> String {
        guard let lastResult else {
            throw Diagnostic(
                code: .noLastResult, message: "no result to show yet", span: span, hint: "run a query first")
        }
        var layout = settings
        layout.maxRows = .max
        layout.maxCellWidth = .max
        return TableRenderer(settings: layout).render(
            try lastResult.table(cancellation: cancellation), noun: lastResult.noun)
    }

    /// The session's bindings and definitions.
    func describeBindings() -> String {
        var lines: [String] = []
        for name in queryState.bindings.keys.sorted() {
            lines.append("let \(name): \(queryState.bindings[name]?.rows.count ?? 0) rows")
        }
        for name in queryState.functions.keys.sorted() {
            lines.append("def fn \(name)(\(queryState.functions[name]?.parameters.joined(separator: ", ") ?? ""))")
        }
        for name in queryState.stages.keys.sorted() {
            lines.append("def stage \(name)(\(queryState.stages[name]?.parameters.joined(separator: ", ") ?? ""))")
        }
        return lines.isEmpty
            ? "no bindings yet: `let NAME = QUERY`, `def fn`, `def stage` make them" : lines.joined(separator: "\n")
    }
}
