import IncidentGraph
import PluginAPI
import QuerySyntax
import Spelling

/// The text of `:help`, generated from the command table and the schema.
enum HelpText {
    static func render(_ topic: (text: String, span: SourceSpan)?, workspace: Workspace) throws(Diagnostic) -> String {
        let renderer = TableRenderer(
            settings: RenderSettings(width: workspace.settings.width, maxRows: 100, maxCellWidth: 80))
        if let topic {
            let name = topic.text.hasPrefix(":") ? String(topic.text.dropFirst()) : topic.text
            guard let command = CommandTable.command(named: name) else {
                throw Diagnostic(
                    code: "help.unknown", message: "no help for `\(topic.text)`", span: topic.span,
                    hint: Spelling.suggestion(for: name, among: CommandTable.all.map(\.name)).map {
                        "did you mean `:help \($0)`?"
                    }
                        ?? ":help lists the commands")
            }
            let aliases =
                command.aliases.isEmpty ? "" : "\nalso: " + command.aliases.map { ":" + $0 }.joined(separator: ", ")
            return "\(command.usage)\n  \(command.summary)\(aliases)"
        }
        let commands = Table(
            columns: ["command", "what it does"],
            rows: CommandTable.all.map { [.string($0.usage), .string($0.summary)] })
        let kinds = workspace.document.graph.schema.kinds.map(\.plural).joined(separator: ", ")
        return """
            A statement is a source, then stages after `|`:
              incidents | where ts in 2023-02..2023-10 | count by target.sector
              @jaxa | in targeted | select id, ts, vector
              match (i:incident)-[:used_lure]->(l:lure) | count by l.theme
            sources: \(kinds), nodes, edges, let names; one node: @id
            stages: where select extend sort take skip top distinct count summarize out in both path
            let NAME = QUERY, def fn NAME(x) = EXPR, def stage NAME(n) = STAGES; a bare expression prints its value.
            A line ending in `|` or with an open bracket or string continues on the next line.
            Tab completes commands, @ids, stages, properties and functions. docs/language.md is the reference.
            Ctrl-C clears the line or stops a running statement; Ctrl-D on an empty line or :quit leaves.

            """ + renderer.render(commands, noun: ("command", "commands"))
    }
}
