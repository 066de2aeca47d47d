import Foundation
import IncidentGraph
import Interchange
import PluginAPI
import QuerySyntax

/// `:import FILE as NAME`: the rows of a CSV or JSON Lines file bound to a name, as `let` would,
/// so an analyst's own e-mail or log timestamps can be queried and tested
/// (`NAME | attribute timing on sent`). A malformed file binds nothing.
extension Workspace {
    func importRows(_ invocation: CommandInvocation) throws(Diagnostic) -> String {
        let arguments = invocation.arguments
        if arguments.count == 1 { return try replaceData(arguments[0]) }
        if arguments.count >= 3, arguments[1].text == "as", document.graph.schema.kind(named: arguments[2].text) != nil
        {
            return try importNodes(arguments)
        }
        guard arguments.count == 3, arguments[1].text == "as" else {
            throw Diagnostic(
                code: "command.arguments", message: "`:import` takes FILE as NAME",
                span: arguments.first?.span ?? invocation.nameSpan, hint: ":import mail.csv as mail")
        }
        let (file, name) = (arguments[0], arguments[2])
        guard name.text.first.map({ $0.isLetter || $0 == "_" }) == true,
            name.text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
            document.graph.schema.kinds.allSatisfy({ $0.name != name.text && $0.plural != name.text }),
            !["nodes", "edges"].contains(name.text)
        else {
            throw Diagnostic(
                code: "command.import", message: "`\(name.text)` cannot name the imported rows", span: name.span,
                hint: "a name of letters, digits and _ that is not a node kind")
        }
        guard let data = FileManager.default.contents(atPath: file.text) else {
            throw Diagnostic(
                code: "command.import", message: "cannot read \(file.text)", span: file.span,
                hint: "a CSV file with a header line, or JSON Lines (one object per line)")
        }
        guard let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else {
            throw Diagnostic(
                code: "command.import", message: "\(file.text) is not UTF-8 text; nothing was imported",
                span: file.span,
                hint: "a CSV file with a header line, or JSON Lines (one object per line)")
        }
        let table: TabularFile
        do {
            table =
                file.text.hasSuffix(".jsonl") || file.text.hasSuffix(".ndjson")
                ? try TabularFile(jsonLines: text) : try TabularFile(csv: text)
        } catch {
            throw Diagnostic(
                code: "command.import", message: "\(file.text) \(error.description); nothing was imported",
                span: file.span, hint: "CSV needs a header and the same number of fields on every line")
        }
        bind(
            name.text,
            to: RowSet(columns: table.columns, rows: table.rows.map { Row(node: nil, values: $0) }, carriesNodes: false)
        )
        return "imported \(table.rows.count) rows (\(table.columns.joined(separator: ", "))) as `\(name.text)`"
    }

    /// `:import FILE`: a Kagami graph file or a STIX 2.1 bundle becomes the data set; what this
    /// session made of the old one (bindings, definitions, tags) is cleared.
    private func replaceData(_ file: (text: String, span: SourceSpan)) throws(Diagnostic) -> String {
        do {
            try load(path: file.text)
        } catch {
            throw Diagnostic(
                code: "command.import", message: error.description, span: file.span,
                hint: "a Kagami graph (.json, .jsonl) or a STIX 2.1 bundle (.json); the data is unchanged")
        }
        let loaded = "now using \(document.name): \(document.graph.nodeCount) nodes, \(document.graph.edgeCount) edges"
        return ([importReport?.summary, loaded + "; bindings and definitions of the old data are cleared"])
            .compactMap { $0 }.joined(separator: "\n")
    }

    /// The rows of a CSV or JSON Lines file, or a diagnostic naming the bad line.
    private func tabular(_ file: (text: String, span: SourceSpan)) throws(Diagnostic) -> TabularFile {
        guard let data = FileManager.default.contents(atPath: file.text) else {
            throw Diagnostic(
                code: "command.import", message: "cannot read \(file.text)", span: file.span,
                hint: "a CSV file with a header line, or JSON Lines (one object per line)")
        }
        guard let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else {
            throw Diagnostic(
                code: "command.import", message: "\(file.text) is not UTF-8 text; nothing was imported",
                span: file.span,
                hint: "a CSV file with a header line, or JSON Lines (one object per line)")
        }
        do {
            return file.text.hasSuffix(".jsonl") || file.text.hasSuffix(".ndjson")
                ? try TabularFile(jsonLines: text) : try TabularFile(csv: text)
        } catch {
            throw Diagnostic(
                code: "command.import", message: "\(file.text) \(error.description); nothing was imported",
                span: file.span, hint: "CSV needs a header and the same number of fields on every line")
        }
    }

    /// `:import FILE as KIND id=COLUMN PROPERTY=COLUMN LINK=COLUMN …`: the rows become nodes.
    private func importNodes(_ arguments: [(text: String, span: SourceSpan)]) throws(Diagnostic) -> String {
        let (file, kind) = (arguments[0], arguments[2])
        var idColumn: String?
        var fields: [(name: String, column: String)] = []
        for argument in arguments.dropFirst(3) {
            let parts = argument.text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Diagnostic(
                    code: "command.import", message: "`\(argument.text)` is not FIELD=COLUMN", span: argument.span,
                    hint: ":import incidents.csv as incident id=ID ts=time vector=vector target=org")
            }
            if parts[0] == "id" { idColumn = parts[1] } else { fields.append((parts[0], parts[1])) }
        }
        guard let idColumn else {
            throw Diagnostic(
                code: "command.import", message: "name the column of the nodes' ids: id=COLUMN", span: kind.span,
                hint: ":import incidents.csv as incident id=ID ts=time")
        }
        let table = try tabular(file)
        let graph: IncidentGraph
        do {
            graph = try RowImport.adding(
                table, mapping: RowImport.Mapping(kind: kind.text, idColumn: idColumn, fields: fields), file: file.text,
                to: document.graph)
        } catch {
            throw Diagnostic(
                code: "command.import", message: "\(file.text) \(error.description); nothing was imported",
                span: file.span, hint: ":schema \(kind.text) lists the properties and links")
        }
        replaceGraph(graph)
        return "added \(table.rows.count) \(kind.text) node\(table.rows.count == 1 ? "" : "s") from \(file.text)"
            + "; bindings made before are cleared (they held the old graph's nodes)"
    }
}
