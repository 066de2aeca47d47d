import PluginAPI
import QueryEngine
import QuerySyntax
import Spelling

/// `:plugins`: what is loaded, each plugin's self-tests, settings and evaluation.
enum PluginsReport {
    static func run(_ invocation: CommandInvocation, in workspace: Workspace) throws(Diagnostic) -> String {
        let arguments = invocation.arguments
        switch arguments.first?.text {
        case nil: return list(workspace)
        case "check": return check(workspace)
        case "config", "eval":
            guard let name = arguments.dropFirst().first else {
                throw Diagnostic(
                    code: .commandArguments, message: "`:plugins \(arguments[0].text)` needs a plugin name",
                    span: arguments[0].span,
                    hint: "plugins: " + workspace.registry.plugins.map(\.name).joined(separator: ", "))
            }
            let plugin = try record(named: name, in: workspace)
            return arguments[0].text == "config"
                ? configuration(plugin, workspace) : try evaluate(plugin, at: name.span, in: workspace)
        case let other?:
            throw Diagnostic(
                code: .commandArguments, message: "unknown `:plugins` action `\(other)`", span: arguments[0].span,
                hint: "usage: :plugins [check | config NAME | eval NAME]")
        }
    }

    private static func list(_ workspace: Workspace) -> String {
        let registry = workspace.registry
        var rows: [[Value]] = registry.plugins.map { plugin in
            let state: String =
                switch plugin.state {
                case .loaded: "loaded"
                case .skipped(let reason): "skipped: " + reason
                }
            return [
                .string(plugin.name), .string(plugin.version), .string(state),
                .string(registry.contributions(of: plugin.name)),
            ]
        }
        for plugin in workspace.userPlugins {
            rows.append([
                .string(plugin.path), .string("user"), .string(plugin.problem.map { "skipped: " + $0 } ?? "loaded"),
                .string(plugin.definitions.joined(separator: ", ")),
            ])
        }
        guard !rows.isEmpty else { return "no plugins: started with --no-plugins, or none are built in" }
        let table = Table(columns: ["plugin", "version", "state", "contributes"], rows: rows)
        return workspace.renderer.render(table, noun: ("plugin", "plugins"))
    }

    /// Runs every self-test on the loaded data, without changing the session.
    private static func check(_ workspace: Workspace) -> String {
        let tests = workspace.registry.selfTests
        guard !tests.isEmpty else { return "no self-tests: no loaded plugin has any" }
        var lines: [String] = []
        var failures = 0
        for test in tests {
            let result = outcome(of: test.definition.statement, in: workspace)
            let expected = test.definition.expected.trimmingCharacters(in: .whitespacesAndNewlines)
            if result == expected {
                lines.append("pass  \(test.owner): \(test.definition.statement)")
            } else {
                failures += 1
                lines.append("FAIL  \(test.owner): \(test.definition.statement)")
                lines.append("      expected: " + expected.replacingOccurrences(of: "\n", with: "\n                "))
                lines.append("      got:      " + result.replacingOccurrences(of: "\n", with: "\n                "))
            }
        }
        lines.append("\(tests.count - failures) of \(tests.count) self-tests pass")
        return lines.joined(separator: "\n")
    }

    /// A statement's result as CSV, a value's text, or its first error line.
    private static func outcome(of statement: String, in workspace: Workspace) -> String {
        let graph = workspace.document.graph
        switch QueryRunner.run(statement, graph: graph, state: QueryState(), registry: workspace.registry) {
        case .failure(let failure):
            return "error: " + (failure.diagnostics.first?.message ?? "")
        case .success((.rows(let rows), _)):
            guard let (table, _) = try? ResultTables.table(rows, in: graph, cancellation: .never) else {
                return "error: the result could not be laid out"
            }
            return DataRenderer.render(table, as: .csv).replacingOccurrences(of: "\r\n", with: "\n")
        case .success((.value(let value), _)):
            return value.isNull ? "null" : value.displayText
        case .success((.node(let node), _)):
            return "@" + graph.id(of: node)
        case .success((.message(let text), _)):
            return text
        case .success((.export, _)):
            return "error: a self-test may not write files"
        }
    }

    private static func configuration(_ plugin: PluginRegistry.Record, _ workspace: Workspace) -> String {
        let settings = plugin.configuration.settings
        var text =
            settings.isEmpty
            ? "`\(plugin.name)` has no settings"
            : workspace.renderer.render(
                Table(
                    columns: ["setting", "value", "from"],
                    rows: settings.map { [.string($0.key), $0.value, .string($0.origin)] }),
                noun: ("setting", "settings"))
        if let problem = plugin.configurationProblem { text += "\nnote: " + problem }
        return text
    }

    private static func evaluate(_ plugin: PluginRegistry.Record, at span: SourceSpan, in workspace: Workspace)
        throws(Diagnostic) -> String
    {
        guard let evaluation = workspace.registry.evaluations[plugin.name] else {
            throw Diagnostic(
                code: .commandArguments, message: "`\(plugin.name)` has no evaluation", span: span,
                hint: "plugins with one: " + workspace.registry.evaluations.keys.sorted().joined(separator: ", "))
        }
        return try PluginOutputText.render(
            evaluation, argument: "", owner: plugin.name, at: span, in: workspace)
    }

    private static func record(named argument: (text: String, span: SourceSpan), in workspace: Workspace)
        throws(Diagnostic) -> PluginRegistry.Record
    {
        let plugins = workspace.registry.plugins
        guard let plugin = plugins.first(where: { $0.name == argument.text }) else {
            throw Diagnostic(
                code: .unknownPlugin, message: "no plugin named `\(argument.text)`", span: argument.span,
                hint: Spelling.suggestion(for: argument.text, among: plugins.map(\.name)).map {
                    "did you mean `\($0)`?"
                }
                    ?? "plugins: " + plugins.map(\.name).joined(separator: ", "))
        }
        return plugin
    }
}

/// Runs a plugin's command or evaluation and lays out what it returns.
enum PluginOutputText {
    static func render(
        _ command: CommandDefinition, argument: String, owner: String, at span: SourceSpan, in workspace: Workspace
    ) throws(Diagnostic) -> String {
        let output: PluginOutput
        do {
            output = try command.run(
                CommandCall(graph: workspace.document.graph, argument: argument, cancellation: workspace.cancellation))
        } catch {
            throw Diagnostic(
                QueryDiagnostic.plugin, message: "\(owner): \(error.message)", span: span, hint: error.hint)
        }
        switch output {
        case .text(let text):
            return text
        case .tables(let tables):
            return tables.map { title, table in
                title + "\n" + workspace.renderer.render(table, noun: ("row", "rows"))
            }.joined(separator: "\n\n")
        }
    }
}
