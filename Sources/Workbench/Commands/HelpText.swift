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
            Type a source to list it, or a :command.
              sources: \(kinds), nodes, edges
              one node: @id (for example @mirrorface, @jaxa); Tab completes ids, kinds and commands
            A line ending in `|` or with an open bracket or string continues on the next line.
            Ctrl-C clears the line; Ctrl-D on an empty line or :quit leaves.

            """ + renderer.render(commands, noun: ("command", "commands"))
    }
}
