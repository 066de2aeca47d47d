import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax
import Spelling

/// The text of `:help`, generated from the command table and the schema.
enum HelpText {
    static func render(_ topic: (text: String, span: SourceSpan)?, workspace: Workspace) throws(Diagnostic) -> String {
        let renderer = TableRenderer(
            settings: RenderSettings(width: workspace.settings.width, maxRows: 100, maxCellWidth: 80))
        if let topic { return try render(topic: topic, workspace: workspace, renderer: renderer) }
        let commands = Table(
            columns: ["command", "what it does"],
            rows: CommandTable.all.map { [.string($0.usage), .string($0.summary)] }
                + workspace.registry.commands.map {
                    [.string(":\($0.definition.name) \($0.definition.arguments)"), .string($0.definition.summary)]
                })
        let kinds = workspace.document.graph.schema.kinds.map(\.plural).joined(separator: ", ")
        return """
            A statement is a source, then stages after `|`:
              incidents | where ts in 2023-02..2023-10 | count by target.sector
              @jaxa | in targeted | select id, ts, vector
              match (i:incident)-[:used_lure]->(l:lure) | count by l.theme
            sources: \(kinds), nodes, edges, let names; one node: @id
            stages: \(workspace.registry.stages.map { $0.definition.signature.name }.joined(separator: ", ")) (:help stages)
            let NAME = QUERY, def fn NAME(x) = EXPR, def stage NAME(n) = STAGES; a bare expression prints its value.
            why @id: what each fact of a node rests on; why [COLUMN]: where the last result's columns come from.
            Competing hypotheses: hypothesis H1 "TEXT", evidence E1 = QUERY (or why @id),
              rate E1 H1 consistent|inconsistent|n/a [credibility low|medium|high] [relevance …]; :ach shows the matrix.
            A line ending in `|` or with an open bracket or string continues on the next line.
            Tab completes commands, @ids, stages, properties and functions. docs/language.md is the reference;
            :help errors lists the error codes, docs/errors.md explains them.
            Ctrl-C clears the line or stops a running statement; Ctrl-D on an empty line or :quit leaves.

            """ + renderer.render(commands, noun: ("command", "commands"))
    }

    /// Help on one command, stage, function or plugin topic.
    private static func render(topic: (text: String, span: SourceSpan), workspace: Workspace, renderer: TableRenderer)
        throws(Diagnostic) -> String
    {
        let registry = workspace.registry
        let name = topic.text.hasPrefix(":") ? String(topic.text.dropFirst()) : topic.text
        if name == "stages" {
            let rows = registry.stages.map { stage -> [Value] in
                let signature = stage.definition.signature
                return [.string(signature.grammar), .string(signature.summary), .string(stage.owner)]
            }
            return renderer.render(
                Table(columns: ["stage", "what it does", "from"], rows: rows), noun: ("stage", "stages"))
        }
        if name == "errors" {
            let rows = ErrorCatalogue.all.map { [Value.string($0.code), .string($0.summary)] }
            return renderer.render(Table(columns: ["code", "what it means"], rows: rows), noun: ("code", "codes"))
                + "\n:help CODE explains one."
        }
        if let entry = ErrorCatalogue.entry(code: name) {
            let width = workspace.settings.width ?? 80
            return TextWidth.wrap("\(entry.code): \(entry.summary)", toWidth: width, indent: "  ") + "\n"
                + "  " + TextWidth.wrap(entry.note, toWidth: width - 2, indent: "  ")
        }
        if let help = registry.helpTopics.first(where: { $0.definition.name == name }) {
            return help.definition.text
        }
        // A name may be several things (`count` is a stage and an aggregate, `last` a command
        // and an aggregate): each is shown.
        var sections: [String] = []
        if let command = CommandTable.command(named: name) {
            let aliases =
                command.aliases.isEmpty ? "" : "\nalso: " + command.aliases.map { ":" + $0 }.joined(separator: ", ")
            sections.append("\(command.usage)\n  \(command.summary)\(aliases)")
        }
        if !topic.text.hasPrefix(":") {
            let words = name.split(separator: " ").map(String.init)
            if let (stage, rest) = registry.stage(named: words), rest.isEmpty {
                let signature = stage.definition.signature
                sections.append("\(signature.grammar)\n  \(signature.summary) (from \(stage.owner))")
            }
            if let builtIn = BuiltInHelp.entry(named: name) {
                let kind = builtIn.isAggregate ? "built-in aggregate, used in summarize" : "built-in function"
                sections.append("\(builtIn.synopsis)\n  \(builtIn.summary) (\(kind))\n  example: \(builtIn.example)")
            } else if let function = registry.function(named: name), function.definition.run != nil {
                let parameters = function.definition.parameters.map { $0.isOptional ? "[\($0.name)]" : $0.name }
                sections.append(
                    "\(name)(\(parameters.joined(separator: ", ")))\n  \(function.definition.summary) (from \(function.owner))"
                )
            }
        }
        if !sections.isEmpty { return sections.joined(separator: "\n\n") }
        let known =
            CommandTable.all.map(\.name) + registry.helpTopics.map(\.definition.name) + registry.stageNames
            + registry.functions.map(\.definition.name) + BuiltInHelp.all.map(\.name) + ["stages", "errors"]
        throw Diagnostic(
            code: .noHelp, message: "no help for `\(topic.text)`", span: topic.span,
            hint: Spelling.suggestion(for: name, among: known).map { "did you mean `:help \($0)`?" }
                ?? ":help lists the commands; :help stages the stages")
    }
}
