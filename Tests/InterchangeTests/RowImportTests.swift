import Foundation
import IncidentGraph
import Synchronization
import Testing
import Workbench

@testable import Interchange

@Suite("Rows added as nodes")
struct RowImportTests {
    static let mapping = RowImport.Mapping(
        kind: "incident", idColumn: "ID",
        fields: [("ts", "time"), ("target", "org"), ("files_exfiltrated", "n"), ("vector", "note")])

    /// The folder of this run's files.
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-rows-\(getpid())")

    /// A new file of `text`, named `name` after a unique prefix.
    static func file(_ text: String, _ name: String) throws -> String {
        try file(Array(text.utf8), name)
    }

    static func file(_ bytes: [UInt8], _ name: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(UUID().uuidString + "-" + name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// What importing a file comes to: the graph as JSON Lines text and the rows added, or the
    /// problem's line and message.
    enum Outcome: Equatable {
        case added(String, rows: Int)
        case refused(line: Int?, message: String)
    }

    static func text(of graph: IncidentGraph) -> String {
        GraphFile.encode(GraphDocument(name: "", about: "", graph: graph), format: .jsonl)
    }

    /// The import of a file read in blocks of `blockSize` bytes.
    static func imported(_ path: String, jsonLines: Bool, blockSize: Int, into graph: IncidentGraph) -> Outcome {
        do {
            let (added, rows) = try RowImport.adding(
                file: path, named: "rows", jsonLines: jsonLines, mapping: mapping, to: graph, blockSize: blockSize)
            return .added(text(of: added), rows: rows)
        } catch {
            return .refused(line: error.line, message: error.message)
        }
    }

    /// The same rows added one by one, as the whole file's table read first (``TabularFile``)
    /// gives them: each node, then its links, each located on its row's line.
    static func reference(_ text: String, jsonLines: Bool, into graph: IncidentGraph) -> Outcome {
        let table: TabularFile
        do {
            table = jsonLines ? try TabularFile(jsonLines: text) : try TabularFile(csv: text)
        } catch {
            return .refused(line: error.line, message: error.message)
        }
        let columns = [mapping.idColumn] + mapping.fields.map(\.column)
        if let missing = columns.first(where: { !table.columns.contains($0) }) {
            return .refused(
                line: nil,
                message: "the file has no column `\(missing)` (columns: \(table.columns.joined(separator: ", ")))")
        }
        let position = { (column: String) in table.columns.firstIndex(of: column) ?? 0 }
        let kind = graph.schema.kinds.firstIndex { $0.name == "incident" } ?? 0
        let properties = graph.schema.kinds[kind].properties
        var builder = GraphBuilder(adding: graph)
        let cited = Provenance(origin: .imported, sources: ["import-rows"], status: .unconfirmed)
        do {
            try builder.addNode(
                id: "import-rows", kind: "source",
                properties: ["key": .string("import"), "title": .string("rows imported from rows")],
                provenance: Provenance(origin: .imported, sources: ["import-rows"], status: .unconfirmed))
        } catch {
            return .refused(line: nil, message: error.message)
        }
        for (row, line) in zip(table.rows, table.lines) {
            guard case .string(let id) = row[position("ID")] else {
                return .refused(
                    line: line, message: "`ID` must hold the node's id, found \(row[position("ID")].displayText)")
            }
            var values = [Value](repeating: .null, count: properties.count)
            for (name, column) in mapping.fields where name != "target" {
                values[properties.firstIndex { $0.name == name } ?? 0] = row[position(column)]
            }
            let at = SourceLocation(file: "rows", line: line, column: 1)
            do {
                try builder.addNode(id: id, kindPosition: kind, values: values, provenance: cited, at: at)
                let org = row[position("org")]
                if !org.isNull {
                    try builder.addEdge(from: id, to: org.displayText, label: "targeted", provenance: cited, at: at)
                }
            } catch {
                return .refused(line: line, message: error.message)
            }
        }
        do {
            return .added(Self.text(of: try builder.build()), rows: table.rows.count)
        } catch {
            return .refused(line: error.location?.line, message: error.message)
        }
    }

    @Test("every node and edge of the data is kept as it was; the rows, their links and the file's source are added")
    func keepsTheGraph() throws {
        let graph = try BundledData.mirrorFace().graph
        let path = try Self.file("ID,time,org,n,note\nmy-1,2024-07-01T02:00:00Z,jaxa,,\nmy-2,,,,\n", "rows.csv")
        let (added, rows) = try RowImport.adding(
            file: path, named: "rows.csv", jsonLines: false, mapping: Self.mapping, to: graph)
        func lines(_ graph: IncidentGraph) -> [Substring] { Self.text(of: graph).split(separator: "\n") }
        let (before, after) = (lines(graph), lines(added))
        #expect(rows == 2)
        #expect(Set(before).isSubset(of: Set(after)))
        #expect(after.count == before.count + 4, "two incidents, the file's source node, one `targeted` edge")
        let incident = try #require(added.node(id: "my-1"))
        #expect(
            added.provenance(of: incident)
                == Provenance(origin: .imported, sources: ["import-rows-csv"], status: .unconfirmed))
        #expect(added.nodeCount == graph.nodeCount + 3 && added.edgeCount == graph.edgeCount + 1)
    }

    @Test(
        "rows read in blocks on worker threads give the graph, or the first problem, of rows added one by one",
        arguments: [false, true])
    func blocks(jsonLines: Bool) throws {
        let graph = try BundledData.mirrorFace().graph
        let orgs = graph.nodes(ofKind: "org").prefix(3).map(graph.id(of:))
        let actor = try #require(graph.nodes(ofKind: "actor").first.map(graph.id(of:)))
        var random = SystemRandomNumberGenerator()
        var refused = 0
        for _ in 0..<120 {
            let text =
                jsonLines
                ? RandomRows.jsonLines(orgs: orgs, actor: actor, &random)
                : RandomRows.csv(orgs: orgs, actor: actor, &random)
            let path = try Self.file(text, jsonLines ? "rows.jsonl" : "rows.csv")
            let expected = Self.reference(text, jsonLines: jsonLines, into: graph)
            if case .refused = expected { refused += 1 }
            for blockSize in [7, 64, 500, 8 << 20] {
                let outcome = Self.imported(path, jsonLines: jsonLines, blockSize: blockSize, into: graph)
                let same = outcome == expected
                #expect(same, "block size \(blockSize): \(same ? "" : "\(outcome) for \(expected) from\n\(text)")")
                if !same { return }  // the file is kept, to be looked at
            }
            try FileManager.default.removeItem(atPath: path)
        }
        #expect(refused > 10 && refused < 110, "files refused: \(refused) of 120")
    }

    @Test(
        "the first problem in line order is reported: a bad row before broken syntax; a file not text, or a column no row has, before any row"
    )
    func firstProblem() throws {
        let graph = try BundledData.mirrorFace().graph
        let cases: [(text: [UInt8], name: String, line: Int?, message: String)] = [
            (Array("ID,time,org,n,note\n7,,,,\nmy-2,,,,\"open\n".utf8), "rows.csv", 2, "`ID` must hold the node's id"),
            (
                Array("ID,time,org,n,note\nmy-1,,,,\nmy-2,,,,\"open\n".utf8), "rows.csv", 3,
                "a quoted field is never closed"
            ),
            (Array("ID,time,org,n,note\nmy-1,,,,\n".utf8) + [0xFF, 0x0A], "rows.csv", nil, "is not UTF-8 text"),
            (Array(#"{"ID": "my-1"}"#.utf8) + [0x0A, 0xC3, 0x0A], "rows.jsonl", nil, "is not UTF-8 text"),
            (
                Array("{\"ID\": 7, \"tme\": 1}\n".utf8), "rows.jsonl", nil,
                "the file has no column `time` (columns: ID, tme)"
            ),
            (
                Array("{\"ID\": 7, \"time\": null, \"org\": null, \"n\": 1, \"note\": \"\"}\n{\"n\": 1e400}\n".utf8),
                "rows.jsonl", 1, "`ID` must hold"
            ),
        ]
        for (text, name, line, message) in cases {
            let path = try Self.file(text, name)
            let outcome = Self.imported(path, jsonLines: name.hasSuffix(".jsonl"), blockSize: 12, into: graph)
            guard case .refused(let reported, let said) = outcome else {
                Issue.record("\(name) was imported")
                continue
            }
            #expect(reported == line && said.contains(message), "\(reported.map(String.init) ?? "-"): \(said)")
        }
    }

    @Test("progress is told after each block: bytes read, up to the whole file, and rows so far")
    func progress() throws {
        let graph = try BundledData.mirrorFace().graph
        let text = "ID,time,org,n,note\n" + (0..<300).map { "my-\($0),,jaxa,\($0),\n" }.joined()
        let path = try Self.file(text, "rows.csv")
        let heard = Mutex<[(bytes: Int, total: Int, rows: Int)]>([])
        let (_, rows) = try RowImport.adding(
            file: path, named: "rows.csv", jsonLines: false, mapping: Self.mapping, to: graph, blockSize: 256
        ) { bytes, total, rows in heard.withLock { $0.append((bytes, total, rows)) } }
        let told = heard.withLock { $0 }
        #expect(rows == 300 && told.count > 10)
        #expect(zip(told, told.dropFirst()).allSatisfy { $0.bytes < $1.bytes && $0.rows <= $1.rows })
        #expect(told.last?.bytes == text.utf8.count && told.last?.total == text.utf8.count && told.last?.rows == 300)
    }

    @Test("an import whose progress throws (Ctrl-C) stops after that block, with a problem (so nothing is added)")
    func cancelled() throws {
        let graph = try BundledData.mirrorFace().graph
        let text = "ID,time,org,n,note\n" + (0..<300).map { "my-\($0),,jaxa,\($0),\n" }.joined()
        let path = try Self.file(text, "rows.csv")
        let told = Mutex(0)
        #expect(throws: RowImport.Problem.self) {
            _ = try RowImport.adding(
                file: path, named: "rows.csv", jsonLines: false, mapping: Self.mapping, to: graph, blockSize: 256
            ) { _, _, _ throws(GraphError) in
                try told.withLock { (count: inout Int) throws(GraphError) in
                    count += 1
                    if count == 3 { throw GraphError(.io, "cancelled (Ctrl-C)") }
                }
            }
        }
        #expect(told.withLock { $0 } == 3, "told again after it stopped the import")
    }

    @Test(
        "a byte order mark before the first line (as spreadsheets write CSV) is passed over", arguments: [7, 8 << 20])
    func byteOrderMark(blockSize: Int) throws {
        let graph = try BundledData.mirrorFace().graph
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let csv = try Self.file(mark + Array("ID,time,org,n,note\nmy-1,,jaxa,3,\nmy-2,,,,\n".utf8), "rows.csv")
        let jsonLines = try Self.file(
            mark + Array("{\"ID\": \"my-1\", \"time\": null, \"org\": \"jaxa\", \"n\": 3, \"note\": \"x\"}\n".utf8),
            "rows.jsonl")
        for (path, isJSONLines, count) in [(csv, false, 2), (jsonLines, true, 1)] {
            let outcome = Self.imported(path, jsonLines: isJSONLines, blockSize: blockSize, into: graph)
            guard case .added(let text, let rows) = outcome else {
                Issue.record("\(path): \(outcome)")
                continue
            }
            #expect(rows == count && text.contains(#""id": "my-1""#))
        }
    }

    @Test("a header over several lines, and longer than a block, is read whole")
    func longHeader() throws {
        let graph = try BundledData.mirrorFace().graph
        let header = "ID,time,org,n,note,\"a\nlong\nname " + String(repeating: "x", count: 300) + "\"\n"
        let path = try Self.file(header + "my-1,,jaxa,3,,\nmy-2,,,,,\n", "rows.csv")
        let outcome = Self.imported(path, jsonLines: false, blockSize: 16, into: graph)
        guard case .added(_, let rows) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(rows == 2)
    }
}

/// Random rows files: cells of every kind a row may hold, now and then a bad one (a number or
/// nothing for an id, a repeated id, a date for an instant, a link to no node or to a node of
/// another kind), quoted fields over lines, blank lines, and LF, CRLF or CR line ends (the last
/// line now and then without one).
enum RandomRows {
    static func csv(orgs: [String], actor: String, _ random: inout some RandomNumberGenerator) -> String {
        let end = ["\n", "\r\n", "\r"].randomElement(using: &random) ?? "\n"
        var text = "ID,time,org,n,note" + end
        let count = Int.random(in: 0..<40, using: &random)
        for row in 0..<count {
            if Int.random(in: 0..<15, using: &random) == 0 { text += end }
            let cells = [
                id(row, &random), time(&random), org(orgs, actor, &random), number(&random), note(&random),
            ]
            text += cells.map(quotedIfNeeded).joined(separator: ",") + end
        }
        // Now and then the last line has no line end.
        return Int.random(in: 0..<4, using: &random) == 0 && text.hasSuffix(end)
            ? String(text.dropLast(end.count)) : text
    }

    static func jsonLines(orgs: [String], actor: String, _ random: inout some RandomNumberGenerator) -> String {
        let end = ["\n", "\r\n", "\r"].randomElement(using: &random) ?? "\n"
        let withoutNote = Int.random(in: 0..<20, using: &random) == 0
        var text = ""
        for row in 0..<Int.random(in: 0..<40, using: &random) {
            if Int.random(in: 0..<15, using: &random) == 0 { text += end }
            let n = number(&random)
            var members = [
                ("ID", json(id(row, &random))), ("time", json(time(&random))),
                ("org", json(org(orgs, actor, &random))),
                ("n", Int.random(in: 0..<3, using: &random) == 0 || Double(n) == nil ? json(n) : n),
            ]
            if !withoutNote { members.append(("note", json(note(&random)))) }
            members = members.filter { Int.random(in: 0..<($0.0 == "ID" ? 250 : 30), using: &random) != 0 }
                .shuffled(using: &random)
            if rare(&random) { members.append(("n", "[1, 2]")) }
            if Int.random(in: 0..<8, using: &random) == 0 { members.append(("time", json(time(&random)))) }
            text +=
                "{" + members.map { "\"\($0.0)\": \($0.1.isEmpty ? "null" : $0.1)" }.joined(separator: ", ") + "}" + end
        }
        // Now and then the last line has no line end.
        return Int.random(in: 0..<4, using: &random) == 0 && text.hasSuffix(end)
            ? String(text.dropLast(end.count)) : text
    }

    private static func rare(_ random: inout some RandomNumberGenerator) -> Bool {
        Int.random(in: 0..<250, using: &random) == 0
    }

    private static func id(_ row: Int, _ random: inout some RandomNumberGenerator) -> String {
        guard rare(&random) else { return "my-\(row)" }
        return ["7", "", "my-0", "my-\(row + 1)", "jaxa"].randomElement(using: &random) ?? ""
    }

    private static func time(_ random: inout some RandomNumberGenerator) -> String {
        if rare(&random) { return ["2024-07-01", "soon"].randomElement(using: &random) ?? "" }
        return ["2024-07-01T02:00:00Z", "", "2023-12-31T23:59:59Z"].randomElement(using: &random) ?? ""
    }

    private static func org(_ orgs: [String], _ actor: String, _ random: inout some RandomNumberGenerator) -> String {
        if rare(&random) { return ["nowhere", actor, "my-1", "ja\nxa"].randomElement(using: &random) ?? "" }
        return (orgs + [""]).randomElement(using: &random) ?? ""
    }

    private static func number(_ random: inout some RandomNumberGenerator) -> String {
        if rare(&random) { return ["1.5", "many"].randomElement(using: &random) ?? "" }
        return ["12", "", "0", "-3", "123456789012345678"].randomElement(using: &random) ?? ""
    }

    private static func note(_ random: inout some RandomNumberGenerator) -> String {
        if rare(&random) { return ["2024-07-01", "true", "42"].randomElement(using: &random) ?? "" }
        return [
            "", "spear-phishing", "a, b", "say \"hi\"", "two\nlines", "台湾の件",
            "a long text that is shared by many rows of the file",
        ].randomElement(using: &random) ?? ""
    }

    private static func quotedIfNeeded(_ cell: String) -> String {
        cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    /// A JSON string of a cell, escaped as JSON needs; the empty cell is `null`.
    private static func json(_ cell: String) -> String {
        cell.isEmpty
            ? ""
            : "\"" + cell.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
                + "\""
    }
}
