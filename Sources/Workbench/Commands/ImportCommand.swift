import Foundation
import IncidentGraph
import Interchange
import PluginAPI
import QueryEngine
import QuerySyntax
import Spelling

/// `:import FILE as NAME`: the rows of a CSV or JSON Lines file bound to a name, as `let` would,
/// so an analyst's own e-mail or log timestamps can be queried and tested
/// (`NAME | attribute timing on sent`). A malformed file binds nothing.
extension Workspace {
    func importRows(_ invocation: CommandInvocation) throws(Diagnostic) -> String {
        var arguments = invocation.arguments
        let provenance = try Self.provenance(taking: &arguments)
        if arguments.count == 1, provenance == nil { return try replaceData(arguments[0]) }
        if arguments.count >= 3, arguments[1].text == "as", document.graph.schema.kind(named: arguments[2].text) != nil
        {
            return try importNodes(arguments, provenance: provenance ?? Self.defaultProvenance)
        }
        guard arguments.count == 3, arguments[1].text == "as" else {
            throw Diagnostic(
                code: .commandArguments, message: "`:import` takes FILE as NAME [provenance=…] [status=…]",
                span: arguments.first?.span ?? invocation.nameSpan, hint: ":import mail.csv as mail provenance=observed"
            )
        }
        let (file, name) = (arguments[0], arguments[2])
        guard name.text.first.map({ $0.isLetter || $0 == "_" }) == true,
            name.text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
            document.graph.schema.kinds.allSatisfy({ $0.name != name.text && $0.plural != name.text }),
            !["nodes", "edges"].contains(name.text)
        else {
            throw Diagnostic(
                code: .importFile, message: "`\(name.text)` cannot name the imported rows", span: name.span,
                hint: "a name of letters, digits and _ that is not a node kind")
        }
        let table = try tabular(file)
        let origin = (provenance ?? Self.defaultProvenance).origin
        var rows = RowSet(
            columns: table.columns, rows: table.rows.map { Row(node: nil, values: $0) }, carriesNodes: false)
        let fileName = file.text.split(separator: "/").last.map(String.init) ?? file.text
        rows.computedFrom = ProvenanceTally(
            origin, count: table.rows.count, noun: "rows of \(fileName)", singular: "row of \(fileName)")
        bind(name.text, to: rows)
        return
            "imported \(table.rows.count) row\(table.rows.count == 1 ? "" : "s") (\(table.columns.joined(separator: ", "))) as `\(name.text)`, "
            + "provenance \(origin.rawValue)"
    }

    /// An analyst's file is what they say it is, and by default not a reported fact.
    private static let defaultProvenance = Provenance(origin: .imported, sources: [], status: .unconfirmed)

    /// Takes `provenance=ORIGIN` and `status=STATUS` out of the arguments; `nil` when neither
    /// is given.
    private static func provenance(taking arguments: inout [(text: String, span: SourceSpan)]) throws(Diagnostic)
        -> Provenance?
    {
        var origin: Provenance.Origin?
        var status: Provenance.Status?
        var kept: [(text: String, span: SourceSpan)] = []
        for argument in arguments {
            if argument.text.hasPrefix("provenance=") {
                guard let value = Provenance.Origin(rawValue: String(argument.text.dropFirst(11))) else {
                    throw Diagnostic(
                        code: .importFile, message: "`\(argument.text)` is not a provenance", span: argument.span,
                        hint: "provenance=imported (the default), observed or reported")
                }
                guard value != .synthetic else {
                    throw Diagnostic(
                        code: .importFile, message: "imported rows cannot be marked synthetic",
                        span: argument.span,
                        hint: "synthetic is for rows made by `kagami generate`")
                }
                origin = value
            } else if argument.text.hasPrefix("status=") {
                guard let value = Provenance.Status(rawValue: String(argument.text.dropFirst(7)).uppercased()) else {
                    throw Diagnostic(
                        code: .importFile, message: "`\(argument.text)` is not a status", span: argument.span,
                        hint: "status=REPORTED, SECONDARY or UNCONFIRMED")
                }
                status = value
            } else {
                kept.append(argument)
            }
        }
        arguments = kept
        guard origin != nil || status != nil else { return nil }
        return Provenance(origin: origin ?? .imported, sources: [], status: status ?? .unconfirmed)
    }

    /// `:import FILE`: a Kagami graph file, its snapshot or a STIX 2.1 bundle becomes the data
    /// set; what this session made of the old one (bindings, definitions, tags) is cleared.
    private func replaceData(_ file: (text: String, span: SourceSpan)) throws(Diagnostic) -> String {
        _ = try reads.permit(file.text, at: file.span)
        do {
            try load(path: file.text)
        } catch {
            guard !cancellation.isCancelled else {
                throw Diagnostic(
                    QueryDiagnostic.cancelled, message: "cancelled (Ctrl-C); the data is unchanged", span: file.span)
            }
            throw Diagnostic(
                code: .importFile, message: error.description, span: file.span,
                hint:
                    "a Kagami graph (.json, .jsonl), its snapshot (.kgs) or a STIX 2.1 bundle (.json); the data is unchanged"
            )
        }
        let loaded = "now using \(document.name): \(document.graph.nodeCount) nodes, \(document.graph.edgeCount) edges"
        return ([importReport?.summary, loaded + "; bindings and definitions of the old data are cleared"])
            .compactMap { $0 }.joined(separator: "\n")
    }

    /// The rows of a CSV or JSON Lines file, or a diagnostic naming the bad line.
    private func tabular(_ file: (text: String, span: SourceSpan)) throws(Diagnostic) -> TabularFile {
        let text = try self.text(of: file)
        let jsonLines = Self.isJSONLines(file.text)
        let shown = readingProgress?(file.text)
        defer { shown?.finish() }
        let progress = cancellation.progress(telling: shown)
        do {
            return jsonLines
                ? try TabularFile(jsonLines: text, progress: progress) : try TabularFile(csv: text, progress: progress)
        } catch {
            guard !cancellation.isCancelled else {
                throw Self.cancelled(at: file.span)
            }
            throw Diagnostic(
                code: .importFile, message: "\(file.text) \(error.description); nothing was imported",
                span: file.span,
                hint: jsonLines
                    ? "JSON Lines needs one JSON object per line"
                    : "CSV needs a header and the same number of fields on every line")
        }
    }

    /// An import of rows stopped by Ctrl-C.
    private static func cancelled(at span: SourceSpan) -> Diagnostic {
        Diagnostic(QueryDiagnostic.cancelled, message: "cancelled (Ctrl-C); nothing was imported", span: span)
    }

    /// Whether a rows file is JSON Lines (by its extension) rather than CSV.
    private static func isJSONLines(_ file: String) -> Bool {
        file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson")
    }

    /// The text of a rows file, checked to be UTF-8 without NUL bytes (the file's bytes are let
    /// go before its rows are read).
    private func text(of file: (text: String, span: SourceSpan)) throws(Diagnostic) -> String {
        guard let data = FileManager.default.contents(atPath: try reads.permit(file.text, at: file.span)) else {
            throw Diagnostic(
                code: .importFile, message: "cannot read \(file.text)", span: file.span,
                hint: "a CSV file with a header line, or JSON Lines (one object per line)")
        }
        let holdsNUL = data.withUnsafeBytes { bytes in
            bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        }
        guard !holdsNUL, let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(
                code: .importFile, message: "\(file.text) is not UTF-8 text; nothing was imported",
                span: file.span,
                hint: "a CSV file with a header line, or JSON Lines (one object per line)")
        }
        return text
    }

    /// `:import FILE as KIND id=COLUMN PROPERTY=COLUMN LINK=COLUMN …`: the rows become nodes.
    private func importNodes(_ arguments: [(text: String, span: SourceSpan)], provenance: Provenance) throws(Diagnostic)
        -> String
    {
        let (file, kind) = (arguments[0], arguments[2])
        var idColumn: String?
        var fields: [(name: String, column: String)] = []
        for argument in arguments.dropFirst(3) {
            let parts = argument.text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Diagnostic(
                    code: .importFile, message: "`\(argument.text)` is not FIELD=COLUMN", span: argument.span,
                    hint: ":import incidents.csv as incident id=ID ts=time vector=vector target=org")
            }
            guard parts[0] != "id" || idColumn == nil, !fields.contains(where: { $0.name == parts[0] }) else {
                throw Diagnostic(
                    code: .importFile, message: "`\(parts[0])` is given twice", span: argument.span,
                    hint: "name each field once: FIELD=COLUMN")
            }
            if parts[0] == "id" { idColumn = parts[1] } else { fields.append((parts[0], parts[1])) }
        }
        guard let idColumn else {
            throw Diagnostic(
                code: .importFile, message: "name the column of the nodes' ids: id=COLUMN", span: kind.span,
                hint: ":import incidents.csv as incident id=ID ts=time")
        }
        let mapping = RowImport.Mapping(kind: kind.text, idColumn: idColumn, fields: fields)
        let schema = document.graph.schema
        func refusal(_ problem: RowImport.Problem) -> Diagnostic {
            let listed = ":schema \(kind.text) lists the properties and links"
            // A misspelt field is pointed at, with the nearest name the kind has.
            guard let field = problem.field,
                let argument = arguments.dropFirst(3).first(where: { $0.text.hasPrefix(field + "=") })
            else {
                return Diagnostic(
                    code: .importFile, message: "\(file.text) \(problem.description); nothing was imported",
                    span: file.span, hint: listed)
            }
            let names =
                (schema.kind(named: kind.text)?.properties.map(\.name) ?? [])
                + schema.links(of: kind.text).filter(\.isSingleValued).map(\.name)
            return Diagnostic(
                code: .importFile, message: "\(problem.description); nothing was imported", span: argument.span,
                hint: Spelling.suggestion(for: field, among: names).map { "did you mean `\($0)`? " + listed } ?? listed)
        }
        do {
            try RowImport.check(mapping, against: schema)  // before the file is read
        } catch {
            throw refusal(error)
        }
        let path = try reads.permit(file.text, at: file.span)
        let progress = readingProgress?(file.text)
        defer { progress?.finish() }
        let (graph, added): (IncidentGraph, Int)
        do {
            (graph, added) = try RowImport.adding(
                file: path, named: file.text, jsonLines: Self.isJSONLines(file.text), mapping: mapping,
                origin: provenance.origin, status: provenance.status ?? .unconfirmed, to: document.graph,
                progress: cancellation.progress(telling: progress))
        } catch {
            guard !cancellation.isCancelled else {
                throw Self.cancelled(at: file.span)
            }
            throw refusal(error)
        }
        replaceGraph(graph)
        HeapSettings.returnFreeMemory()
        return "added \(added) \(kind.text) node\(added == 1 ? "" : "s") from \(file.text)"
            + " (provenance \(provenance.origin.rawValue), status \(provenance.status?.rawValue ?? "UNCONFIRMED"))"
            + "; bindings made before are cleared (they held the old graph's nodes)"
    }
}
