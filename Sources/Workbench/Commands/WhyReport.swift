import Foundation
import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax

/// A `why` statement: `why @id` (what a node's facts rest on), `why` (the last result), or
/// `why COLUMN` (one column of the last result).
struct WhyQuestion {
    enum Subject {
        case node(id: String, span: SourceSpan)
        case lastResult(column: (name: String, span: SourceSpan)?)
    }

    let subject: Subject
    let span: SourceSpan

    /// Reads `why …`; `nil` when the statement is something else.
    init?(_ statement: String) {
        // Other statements are told apart by their first letter, without trimming them: the
        // first scalar the trim below keeps (a zero-width space is trimmed, too).
        let trimmed = CharacterSet.whitespacesAndNewlines
        guard statement.unicodeScalars.first(where: { !trimmed.contains($0) }) == "w" else { return nil }
        let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text == "why" || text.hasPrefix("why ") || text.hasPrefix("why\t") else { return nil }
        let leading = statement.prefix { $0.unicodeScalars.allSatisfy(trimmed.contains) }.count
        span = SourceSpan(start: leading, end: leading + 3)
        let rest = text.dropFirst(3).trimmingCharacters(in: .whitespaces)
        let restStart = leading + 3 + (text.dropFirst(3).prefix { $0.isWhitespace }.count)
        let restSpan = SourceSpan(start: restStart, end: restStart + rest.count)
        if rest.hasPrefix("@") {
            subject = .node(id: String(rest.dropFirst()), span: restSpan)
        } else {
            subject = .lastResult(column: rest.isEmpty ? nil : (rest, restSpan))
        }
    }
}

/// What the last result was made from, kept for `why`.
struct ExplainedResult {
    /// The statement that made it.
    let statement: String
    /// The bindings and definitions it ran with.
    let state: QueryState
    /// The nodes it rests on (its own, or those it was computed from).
    let restsOn: ProvenanceTally?
    /// What was said under it (a plugin's verdict).
    let notes: [String]
}

/// The answer to `why`: "says who?" for every fact and every number.
struct WhyReport {
    let workspace: Workspace

    private var graph: IncidentGraph { workspace.document.graph }

    /// Whole values, as on a node card: an explanation is read, not scanned.
    private var renderer: TableRenderer {
        var layout = workspace.settings
        layout.maxCellWidth = .max
        return TableRenderer(settings: layout)
    }

    func answer(_ question: WhyQuestion) throws(Diagnostic) -> String {
        switch question.subject {
        case .node(let id, let span):
            guard let node = graph.node(id: id) else {
                throw Diagnostic(
                    QueryDiagnostic.unknownNode, message: "no node has id `\(id)`", span: span,
                    hint: "Tab after @ completes ids")
            }
            return facts(of: node)
        case .lastResult(let column):
            guard let explained = workspace.lastExplained, let lastResult = workspace.lastResult else {
                throw Diagnostic(
                    code: .whyNothing, message: "no result to explain yet", span: question.span,
                    hint: "run a query first, or ask about a node: why @jaxa")
            }
            return try explain(explained, columns: lastResult.columns, only: column)
        }
    }

    // MARK: A node

    /// Each property and link of a node with the provenance, status and sources it rests on,
    /// then the sources cited, with their titles.
    private func facts(of node: NodeID) -> String {
        let provenance = graph.provenance(of: node)
        var rows: [[Value]] = []
        var cited: [String] = []
        func add(_ fact: String, _ value: Value, _ provenance: Provenance) {
            rows.append([
                .string(fact), value, .string(provenance.origin.rawValue),
                provenance.status.map { .string($0.rawValue) } ?? .null,
                .string(provenance.sources.joined(separator: " ")),
            ])
            for key in provenance.sources where !cited.contains(key) { cited.append(key) }
        }
        for property in graph.kind(of: node).properties {
            let value = graph.value(property.name, of: node)
            if !value.isNull { add(property.name, value, provenance) }
        }
        for direction in [Direction.out, .in] {
            for edgeID in graph.edges(at: node, direction: direction) {
                let edge = graph.edge(edgeID)
                guard edge.label != "reported_by" else { continue }
                let other = "@" + graph.id(of: direction == .out ? edge.to : edge.from)
                add(direction == .out ? "\(edge.label) →" : "← \(edge.label)", .string(other), edge.provenance)
            }
        }
        let table = Table(columns: ["fact", "value", "provenance", "status", "sources"], rows: rows)
        var lines = [renderer.render(table, noun: ("fact", "facts"))]
        if provenance.isSynthetic {
            lines.append(
                "@\(graph.id(of: node)) is synthetic: generated to match published totals (docs/synthetic-data.md)")
        }
        let titles = cited.compactMap { key -> String? in
            guard let source = graph.node(id: key) else { return nil }
            let title = graph.value("title", of: source).stringValue ?? key
            let status = graph.provenance(of: source).status.map { " [\($0.rawValue)]" } ?? ""
            return "  \(key)\(status): \(title)"
        }
        if !titles.isEmpty { lines.append("sources cited:\n" + titles.joined(separator: "\n")) }
        return lines.joined(separator: "\n")
    }

    // MARK: The last result

    private func explain(_ explained: ExplainedResult, columns: [String], only: (name: String, span: SourceSpan)?)
        throws(Diagnostic) -> String
    {
        let origins = ColumnOrigins(statement: explained.statement, registry: workspace.registry, graph: graph)
        var shown = columns
        if let only {
            guard columns.contains(only.name) else {
                throw Diagnostic(
                    code: .whyColumn, message: "the last result has no column `\(only.name)`", span: only.span,
                    hint: "its columns: " + columns.joined(separator: ", "))
            }
            shown = [only.name]
        }
        let rows = shown.map { column -> [Value] in
            [.string(column), .string(origins.origin(of: column))]
        }
        var lines = [
            "statement: " + explained.statement.replacingOccurrences(of: "\n", with: " "),
            renderer.render(
                Table(columns: ["column", "where it comes from"], rows: rows), noun: ("column", "columns")),
        ]
        if let tally = explained.restsOn {
            lines.append("the result rests on " + workspace.describe(tally).dropFirst(5))
        }
        for stage in origins.pluginStages where only == nil || stage.columns.contains(only?.name ?? "") {
            lines.append(pluginInput(stage, explained))
        }
        if !explained.notes.isEmpty, only == nil {
            lines.append("said under it:\n" + explained.notes.map { "  " + $0 }.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n")
    }

    /// What a plugin stage read: the rows before it, run again, and their provenance.
    private func pluginInput(_ stage: ColumnOrigins.PluginStage, _ explained: ExplainedResult) -> String {
        let head =
            "`\(stage.words)` (\(stage.plugin)"
            + (stage.version.map { " \($0)" } ?? "") + ")"
        var settings = ""
        if let record = workspace.registry.plugins.first(where: { $0.name == stage.plugin }) {
            let values = record.configuration.settings.map { "\($0.key)=\($0.value.displayText)" }
            settings = values.isEmpty ? "; no settings" : "; settings: " + values.joined(separator: ", ")
        }
        switch QueryRunner.run(
            stage.input, graph: graph, state: explained.state, registry: workspace.registry,
            cancellation: workspace.cancellation)
        {
        case .success((.rows(let rows), _)):
            let columns = rows.carriesNodes ? "each node's properties" : rows.columns.joined(separator: ", ")
            let tally = workspace.resultTally(rows).map { " " + workspace.describe($0) } ?? ""
            return "\(head) read \(rows.rows.count) rows\(tally); input columns: \(columns)\(settings)"
        default:
            return "\(head)\(settings); its input could not be read again"
        }
    }
}
