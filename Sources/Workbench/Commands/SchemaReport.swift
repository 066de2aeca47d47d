import IncidentGraph
import PluginAPI
import QuerySyntax
import Spelling

/// The text of `:schema`: every kind and label, or one kind in detail.
enum SchemaReport {
    static func render(_ argument: (text: String, span: SourceSpan)?, workspace: Workspace) throws(Diagnostic) -> String
    {
        let graph = workspace.document.graph
        let schema = graph.schema
        let renderer = workspace.renderer
        guard let argument else {
            let counts = Dictionary(uniqueKeysWithValues: graph.nodeCountsByKind.map { ($0.kind, $0.count) })
            let kinds = Table(
                columns: ["kind", "source", "nodes", "what it is"],
                rows: schema.kinds.map {
                    [.string($0.name), .string($0.plural), .int(counts[$0.name] ?? 0), .string($0.doc)]
                })
            let edgeCounts = Dictionary(uniqueKeysWithValues: graph.edgeCountsByLabel.map { ($0.label, $0.count) })
            let labels = Table(
                columns: ["label", "from", "to", "edges"],
                rows: schema.edgeLabels.map {
                    [
                        .string($0.name), .string($0.from.joined(separator: " ")), .string(abbreviated($0.to, schema)),
                        .int(edgeCounts[$0.name] ?? 0),
                    ]
                })
            return renderer.render(kinds, noun: ("kind", "kinds")) + "\n\n"
                + renderer.render(labels, noun: ("edge label", "edge labels"))
                + "\n\n:schema KIND shows a kind's properties and links."
        }
        guard let kind = schema.kind(named: argument.text) else {
            throw Diagnostic(
                code: .schemaKind, message: "unknown kind `\(argument.text)`", span: argument.span,
                hint: Spelling.suggestion(for: argument.text, among: schema.kinds.flatMap { [$0.name, $0.plural] })
                    .map { "did you mean `\($0)`?" } ?? "`:schema` lists the kinds")
        }
        let properties = Table(
            columns: ["property", "type", "meaning"],
            rows: (kind.properties + Schema.builtInProperties).map {
                [.string($0.name), .string($0.type.rawValue), .string($0.doc)]
            })
        var text =
            "\(kind.name) (\(kind.plural)): \(kind.doc)\n"
            + renderer.render(properties, noun: ("property", "properties"))
        let links = schema.links(of: kind.name)
        if !links.isEmpty {
            let table = Table(
                columns: ["link", "follows", "gives"],
                rows: links.map {
                    [
                        .string("\(kind.name).\($0.name)"), .string("\($0.direction.rawValue) \($0.label)"),
                        .string($0.isSingleValued ? "one node" : "a list"),
                    ]
                })
            text += "\n\n" + renderer.render(table, noun: ("link", "links"))
        }
        let edges = Table(
            columns: ["edge", "direction", "other end"],
            rows: schema.edgeLabels.flatMap { label -> [[Value]] in
                var rows: [[Value]] = []
                if label.from.contains(kind.name) {
                    rows.append([.string(label.name), .string("out"), .string(abbreviated(label.to, schema))])
                }
                if label.to.contains(kind.name) {
                    rows.append([.string(label.name), .string("in"), .string(abbreviated(label.from, schema))])
                }
                return rows
            })
        return text + "\n\n" + renderer.render(edges, noun: ("edge label", "edge labels"))
    }

    /// Kind lists that name every kind read as `any kind`.
    private static func abbreviated(_ kinds: [String], _ schema: Schema) -> String {
        kinds.count >= schema.kinds.count - 1 ? "any kind" : kinds.joined(separator: " ")
    }
}
