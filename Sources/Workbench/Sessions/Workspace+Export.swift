import Foundation
import IncidentGraph
import Interchange
import PluginAPI
import QueryEngine
import QuerySyntax

/// `… | export FORMAT "PATH"`: the final rows written to a file in the exports folder.
extension Workspace {
    /// `:export FORMAT NAME`: every node of the graph, as `nodes | export FORMAT "NAME"` writes
    /// them. A problem with the format points at the format, one with the name at the name.
    func exportGraph(format: (text: String, span: SourceSpan), name: (text: String, span: SourceSpan))
        throws(Diagnostic) -> String
    {
        let formats = QueryRunner.exportFormats.filter { $0 != "svg" }
        guard formats.contains(format.text) else {
            throw Diagnostic(
                code: .exportCommand,
                message: format.text == "svg"
                    ? "`svg` draws a chart, not the graph" : "unknown export format `\(format.text)`",
                span: format.span,
                hint: format.text == "svg"
                    ? "incidents | timeline by year | export svg \"timeline\""
                    : "formats: " + formats.joined(separator: ", "))
        }
        return try export(.nodes(document.graph.allNodes), format: format.text, to: name.text, at: name.span)
    }

    func export(_ rows: RowSet, format: String, to name: String, at span: SourceSpan) throws(Diagnostic) -> String {
        let file = try exports.file(for: name, fileExtension: format, what: "export", at: span)
        let graph = document.graph
        let text: String
        let written: String
        if format == "svg" {
            guard let chart = rows.chart else {
                throw Diagnostic(
                    QueryDiagnostic.export,
                    message: "`export svg` draws a chart: put it after timeline, chart or heatmap",
                    span: span, hint: "incidents | timeline by year | export svg \"timeline\"")
            }
            let file = try exports.file(for: name, fileExtension: "svg", what: "export", at: span)
            let (table, _) = try ResultTables.table(rows, in: graph, cancellation: cancellation)
            try writeExport(
                SvgChart.render(
                    table, as: chart, title: table.columns.prefix(2).joined(separator: " · "),
                    source: resultTally(rows).map { "computed " + describe($0) }),
                to: file, at: span)
            return "wrote a chart of \(table.rows.count) mark\(table.rows.count == 1 ? "" : "s") to \(file) (svg)"
        }
        if format == "stix" {
            let nodes = rows.rows.compactMap(\.node)
            let file = try exports.file(for: name, fileExtension: "json", what: "export", at: span)
            var made: StixWriter.Export?
            // Written as it is made; a cancelled or empty bundle leaves no file.
            try exports.write(to: file, at: span) { append throws(Diagnostic) in
                do {
                    made = try StixWriter.bundle(
                        of: nodes, in: graph, opinions: opinions, isCancelled: { cancellation.isCancelled }, to: append)
                } catch {
                    throw exports.writeFailure(file, error, at: span)
                }
                guard made != nil, !cancellation.isCancelled else { throw Self.cancelledExport(at: span) }
                guard made?.objects ?? 0 > 0 else {
                    throw Diagnostic(
                        QueryDiagnostic.export, message: "none of these rows is a node STIX has an object for",
                        span: span,
                        hint: "actors, campaigns, malware, tools, techniques, vulnerabilities, organisations, incidents"
                    )
                }
            }
            guard let bundle = made else { throw Self.cancelledExport(at: span) }
            let left = bundle.leftOut.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            return
                "wrote a STIX 2.1 bundle of \(bundle.objects) objects and \(bundle.relationships) relationships"
                + (bundle.opinions > 0 ? " and \(bundle.opinions) opinions (the ratings of :ach)" : "")
                + " to \(file) (stix)"
                + (left.isEmpty ? "" : "; left out: " + left.joined(separator: ", "))
        }
        if format == "navigator" {
            let nodes = rows.rows.compactMap(\.node)
            let layer = NavigatorLayer.layer(of: nodes, in: graph, name: (name as NSString).lastPathComponent)
            guard layer.techniques > 0 else {
                throw Diagnostic(
                    QueryDiagnostic.export, message: "these rows use no ATT&CK technique to put in a layer", span: span,
                    hint: "export actors, campaigns, incidents, malware or tools: @mirrorface | export navigator \"mf\""
                )
            }
            let file = try exports.file(for: name, fileExtension: "json", what: "export", at: span)
            try writeExport(layer.json, to: file, at: span)
            return "wrote a Navigator layer of \(layer.techniques) techniques to \(file) (navigator)"
        }
        if format == "dot" {
            let nodes = rows.rows.compactMap(\.node)
            guard !nodes.isEmpty else {
                throw Diagnostic(
                    QueryDiagnostic.export, message: "`export dot` draws nodes, and these rows are a table", span: span,
                    hint: "export the nodes before select or count: @mirrorface | both | export dot \"mirrorface\"")
            }
            let dot = DotWriter.dot(of: nodes, in: graph)
            (text, written) = (dot.text, "\(dot.nodes) nodes and \(dot.edges) edges")
        } else {
            guard let resultFormat = ResultFormat(rawValue: format) else {
                throw Diagnostic(QueryDiagnostic.export, message: "unknown export format `\(format)`", span: span)
            }
            let (nodeTable, _) = try ResultTables.table(rows, in: graph, provenance: .full, cancellation: cancellation)
            let table = withComputedFrom(nodeTable, of: rows)
            let ending = resultFormat == .csv ? "\r\n" : "\n"
            text =
                DataRenderer.render(table, as: resultFormat)
                + (table.rows.isEmpty && resultFormat == .jsonl ? "" : ending)
            written = "\(table.rows.count) row\(table.rows.count == 1 ? "" : "s")"
        }
        try writeExport(text, to: file, at: span)
        return "wrote \(written) to \(file) (\(format))"
    }

    /// A table whose rows are not one per node (an aggregate, a plugin's verdict, pattern
    /// matches, an imported file's rows) with what it was computed from on every row, in a
    /// column `computed_from` (`computed_from_2` … when the table has one): its figures never
    /// leave Kagami without saying how much of them rests on generated or imported data.
    private func withComputedFrom(_ table: Table, of rows: RowSet) -> Table {
        guard !rows.rows.isEmpty, !rows.rows.allSatisfy({ $0.node != nil }), let tally = resultTally(rows) else {
            return table
        }
        var (column, suffix) = ("computed_from", 1)
        while table.columns.contains(column) {
            suffix += 1
            column = "computed_from_\(suffix)"
        }
        let text = Value.string(String(describe(tally).dropFirst("from ".count)))
        return Table(columns: table.columns + [column], rows: table.rows.map { $0 + [text] })
    }

    /// Writes an export unless the statement was cancelled while it was being made: a
    /// cancelled export writes nothing.
    private func writeExport(_ text: String, to file: String, at span: SourceSpan) throws(Diagnostic) {
        guard !cancellation.isCancelled else { throw Self.cancelledExport(at: span) }
        try exports.write(text, to: file, at: span)
    }

    private static func cancelledExport(at span: SourceSpan) -> Diagnostic {
        Diagnostic(QueryDiagnostic.cancelled, message: "cancelled (Ctrl-C); nothing was written", span: span)
    }
}
