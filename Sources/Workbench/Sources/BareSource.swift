import IncidentGraph
import PluginAPI
import QuerySyntax

/// The statements this build answers without the query language: a node kind (`incidents`,
/// `actor`), `nodes`, `edges`, or one node (`@jaxa`, `@"any id"`).
///
/// The query language replaces this with its parser; the diagnostics keep the same shape.
enum BareSource {
    /// What a bare source produced, ready to render.
    struct Result {
        let table: Table
        let noun: (singular: String, plural: String)
        /// One node's properties and links, whose long link lists deserve wider cells.
        var isCard = false
    }

    /// Resolves and evaluates a bare source, or explains with a position what is wrong.
    static func evaluate(
        _ statement: String, in graph: IncidentGraph, cancellation: CancellationCheck
    ) throws(Diagnostic) -> Result {
        let leading = statement.prefix { $0.isWhitespace }.count
        let text = statement.trimmingTrailingWhitespace().dropFirst(leading)
        if let pipe = text.firstIndex(of: "|") {
            let offset = leading + text.distance(from: text.startIndex, to: pipe)
            throw Diagnostic(
                code: "syntax.pipeline-unavailable",
                message: "pipelines need the query language, which this build does not have yet",
                span: SourceSpan(start: offset, end: offset + 1),
                hint: "run a bare source (`incidents`, `@jaxa`) or a :command; :help lists them")
        }
        let span = SourceSpan(start: leading, end: leading + text.count)
        if text.hasPrefix("@") {
            return try node(String(text.dropFirst()), span: span, in: graph)
        }
        switch text {
        case "nodes":
            let table = try NodeTables.table(of: graph.allNodes, in: graph, kind: nil, cancellation: cancellation)
            return Result(table: table, noun: ("node", "nodes"))
        case "edges":
            return Result(table: try edges(of: graph, cancellation: cancellation), noun: ("edge", "edges"))
        default:
            guard let kind = graph.schema.kind(named: String(text)) else {
                let names = graph.schema.kinds.flatMap { [$0.name, $0.plural] } + ["nodes", "edges"]
                throw Diagnostic(
                    code: "source.unknown",
                    message: "unknown source `\(TextWidth.truncate(String(text), toWidth: 40))`", span: span,
                    hint: Spelling.suggestion(for: String(text), among: names).map { "did you mean `\($0)`?" }
                        ?? "sources are the node kinds (:schema lists them), `nodes`, `edges` and `@id`")
            }
            return Result(
                table: try NodeTables.table(
                    of: graph.nodes(ofKind: kind.name), in: graph, kind: kind, cancellation: cancellation),
                noun: (kind.name, kind.plural))
        }
    }

    private static func node(_ reference: String, span: SourceSpan, in graph: IncidentGraph) throws(Diagnostic)
        -> Result
    {
        var id = reference
        if id.hasPrefix("\"") {
            guard id.count >= 2, id.hasSuffix("\"") else {
                throw Diagnostic(
                    code: "syntax.unclosed-string", message: "this quoted id is never closed", span: span,
                    hint: "write @\"any text\"")
            }
            id = String(id.dropFirst().dropLast())
        }
        guard let node = graph.node(id: id) else {
            let suggestion =
                graph.nodeCount <= 50_000
                ? Spelling.suggestion(for: id, among: graph.allNodes.lazy.map { graph.id(of: $0) }) : nil
            throw Diagnostic(
                code: "node.unknown", message: "no node has id `\(TextWidth.truncate(id, toWidth: 40))`", span: span,
                hint: suggestion.map { "did you mean `@\($0)`?" } ?? "Tab after @ completes ids")
        }
        return Result(
            table: NodeTables.card(of: node, in: graph), noun: ("property or link", "properties and links"),
            isCard: true)
    }

    private static func edges(of graph: IncidentGraph, cancellation: CancellationCheck) throws(Diagnostic) -> Table {
        var rows: [[Value]] = []
        rows.reserveCapacity(graph.edgeCount)
        for index in 0..<graph.edgeCount {
            if index % NodeTables.cancellationInterval == 0 { try NodeTables.stopIfCancelled(cancellation) }
            let edge = graph.edge(EdgeID(index: index))
            rows.append([
                .string(graph.id(of: edge.from)), .string(edge.label), .string(graph.id(of: edge.to)),
                .string(edge.provenance.origin.rawValue), edge.provenance.status.map { .string($0.rawValue) } ?? .null,
            ])
        }
        return Table(columns: ["from", "label", "to", "provenance", "status"], rows: rows)
    }
}

extension StringProtocol {
    /// The text without white space at its end.
    func trimmingTrailingWhitespace() -> SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[startIndex..<end]
    }
}
