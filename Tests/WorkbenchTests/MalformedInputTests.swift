import Foundation
import IncidentGraph
import Interchange
import PluginAPI
import TestSupport
import Testing
import Workbench

/// Malformed files given to the importers: each gets a clear error or a report of what was
/// skipped, and the workspace stays as it was.
@Suite("Malformed imports")
struct MalformedInputTests {
    static func file(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = try BuiltProgram.temporaryFolder() + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The malformed files, made when a test asks (a 50 MB argument would be described in full).
    static func bytes(of name: String) -> [UInt8] {
        switch name {
        case "quoting.csv": Array("a,b\n1,\"open\n2,3\n".utf8)
        case "junk.csv": (0..<25_600).map { UInt8($0 % 256) }
        case "line.csv": Array(("a,b\n" + String(repeating: "x", count: 50_000_000) + "\n").utf8)
        case "truncated.jsonl": Array("{\"ts\": \"2024-06-03T01:30:00Z\"}\n{\"ts\": \"2024".utf8)
        default: Array("[1, 2]\n".utf8)
        }
    }

    @Test(
        "CSV and JSON Lines: broken quoting, binary junk, a 50 MB line, truncated JSON — an error, nothing bound",
        arguments: [
            ("quoting.csv", "a quoted field is never closed"),
            ("junk.csv", "is not UTF-8 text"),
            ("line.csv", "1 fields where the header has 2"),
            ("truncated.jsonl", "line 2:"),
            ("array.jsonl", "each line must be a JSON object"),
        ])
    func tabular(name: String, message: String) throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        let path = try Self.file(Self.bytes(of: name), name)
        let outcome = workspace.execute(":import \(path) as mine")
        #expect(outcome.error?.contains(message) == true, "\(outcome.error ?? outcome.output)")
        // The hint speaks of the file's own format.
        if name.hasSuffix(".jsonl") {
            #expect(outcome.error?.contains("JSON Lines needs one JSON object per line") == true)
            #expect(outcome.error?.contains("CSV") == false, "\(outcome.error ?? "")")
        }
        #expect(workspace.queryState.bindings["mine"] == nil)
    }

    @Test("STIX: wrong types are skipped and reported; what is not a bundle is refused")
    func stix() throws {
        let schema = try BundledData.mirrorFace().graph.schema
        let odd = Array(
            #"{"type": "bundle", "objects": [{"type": "malware", "id": 5}, "x", {"type": "relationship", "relationship_type": "uses"}, {"type": "malware", "id": "malware--1", "name": "Kept"}]}"#
                .utf8)
        let (document, report) = try StixReader.read(odd, file: "odd.json", base: schema)
        #expect(report.skippedObjects == ["(not an object)": 1, "malware": 1])
        #expect(report.skippedRelationships.values.reduce(0, +) == 1)
        #expect(document.graph.node(id: "kept") != nil)
        for bytes in [
            Array("{\"type\": \"bundle\"".utf8), Array("{\"type\": \"report\"}".utf8),
            [UInt8](repeating: 0xFF, count: 64),
        ] {
            #expect(throws: GraphError.self) { try StixReader.read(bytes, file: "bad.json", base: schema) }
        }
    }

    @Test(":import of a STIX bundle replaces the data, reports what it kept, and clears the old bindings")
    func importBundle() throws {
        let bundle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("InterchangeTests/Fixtures/attack-mirrorface-bundle.json").path
        let workspace = Workspace(document: try BundledData.mirrorFace())
        _ = workspace.execute("let x = actors")
        let imported = workspace.execute(":import \(bundle)")
        #expect(imported.output.hasPrefix("imported 112 nodes"), "\(imported.error ?? imported.output)")
        #expect(imported.output.contains("now using attack-mirrorface-bundle: 112 nodes, 134 edges"))
        #expect(workspace.execute("techniques | count").output.hasPrefix("count\n─────\n69"))
        #expect(workspace.execute("x").error?.contains("unknown source `x`") == true)
        let missing = workspace.execute(":import /nonexistent.json")
        #expect(missing.error != nil && workspace.document.graph.nodeCount == 112)
    }

    @Test(":import of a snapshot opens it as --data does; a damaged one is refused with how to make it again")
    func importSnapshot() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        let path = try BuiltProgram.temporaryFolder() + "/bundled.kgs"
        let nodes = workspace.document.graph.nodeCount
        try GraphSnapshot.write(workspace.document, to: path, producer: KagamiVersion.current)
        _ = workspace.execute("let x = actors")
        let imported = workspace.execute(":import \(path)")
        #expect(
            imported.output.contains("now using mirrorface: \(nodes) nodes"), "\(imported.error ?? imported.output)")
        #expect(workspace.execute("x").error?.contains("unknown source `x`") == true)
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x01
        let damaged = try Self.file(bytes, "damaged.kgs")
        let refused = workspace.execute(":import \(damaged)")
        #expect(refused.error?.contains("kagami snapshot SOURCE") == true, "\(refused.error ?? refused.output)")
        #expect(workspace.document.graph.nodeCount == nodes)
    }

    @Test("Ctrl-C stops an :import of a graph file, of rows as nodes or as a table: said so, the data unchanged")
    func importCancelled() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        let nodes = workspace.document.graph.nodeCount
        let graph = try Self.file(Array(GraphFile.encode(workspace.document, format: .jsonl).utf8), "copy.jsonl")
        let rows = try Self.file(Array("ID,time\nmy-1,2024-07-01T00:00:00Z\n".utf8), "rows.csv")
        // Rows bound as a table hear the progress every 65,536 rows: the file has more.
        let many = (0..<70_000).map { "{\"ID\": \"my-\($0)\"}" }.joined(separator: "\n")
        let table = try Self.file(Array(many.utf8), "many.jsonl")
        workspace.cancellation = CancellationCheck { true }
        let tableStopped = workspace.execute(":import \(table) as many")
        #expect(tableStopped.error?.contains("cancelled (Ctrl-C); nothing was imported") == true)
        #expect(workspace.execute("many").error?.contains("unknown source `many`") == true)
        let stopped = workspace.execute(":import \(graph)")
        #expect(stopped.error?.contains("cancelled (Ctrl-C); the data is unchanged") == true, "\(stopped.error ?? "")")
        let rowsStopped = workspace.execute(":import \(rows) as incident id=ID ts=time")
        #expect(rowsStopped.error?.contains("cancelled (Ctrl-C); nothing was imported") == true)
        workspace.cancellation = .never
        #expect(workspace.document.graph.nodeCount == nodes)
        #expect(workspace.execute(":import \(rows) as incident id=ID ts=time").error == nil)
    }

    @Test(":import FILE as KIND maps columns to properties and links; a bad row names its line and adds nothing")
    func importNodes() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        let good = try Self.file(
            Array(
                "ID,time,org,vec\nmy-1,2024-07-01T02:00:00Z,jaxa,spear-phishing-link\nmy-2,2024-07-02T03:00:00Z,mofa,\n"
                    .utf8),
            "incidents.csv")
        #expect(
            workspace.execute(":import \(good) as incident id=ID ts=time vector=vec target=org").output.hasPrefix(
                "added 2 incident nodes from \(good) (provenance imported, status UNCONFIRMED)"))
        #expect(workspace.execute("@my-1 | select target, vector").output.contains("@jaxa   spear-phishing-link"))
        #expect(workspace.execute("@my-1 | select provenance, status").output.contains("imported    UNCONFIRMED"))
        #expect(workspace.execute("incidents | count").output.hasPrefix("count\n─────\n212"))
        let cases: [(String, String)] = [
            ("ID,time,org\nmy-3,2024-07-01,jaxa\n", "line 2: `my-3`: property `ts` must be instant, found date"),
            ("ID,time\nmy-4,2024-07-01T00:00:00Z\nmy-1,2024-07-01T00:00:00Z\n", "line 3: id `my-1` is already used"),
            ("ID,when\nmy-5,2024-07-01T00:00:00Z\n", "the file has no column `time`"),
        ]
        for (text, message) in cases {
            let path = try Self.file(Array(text.utf8), "bad.csv")
            let outcome = workspace.execute(":import \(path) as incident id=ID ts=time")
            #expect(outcome.error?.contains(message) == true, "\(outcome.error ?? outcome.output)")
        }
        #expect(workspace.execute("incidents | count").output.hasPrefix("count\n─────\n212"))
        #expect(workspace.execute(":import \(good) as incident ts=time").error?.contains("id=COLUMN") == true)
    }

    @Test("a bad row is named by the line it is on: after a quoted field over two lines, in JSON Lines")
    func importRowLines() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        let cases: [(text: String, name: String, line: Int)] = [
            ("ID,time,note\nmy-1,2024-07-01T00:00:00Z,\"two\nlines\"\n7,2024-07-02T00:00:00Z,x\n", "rows.csv", 4),
            (#"{"ID": "my-1", "time": "2024-07-01T00:00:00Z"}"# + "\n" + #"{"ID": 7}"# + "\n", "rows.jsonl", 2),
            ("\n" + #"{"ID": "my-1", "time": null}"# + "\n\n" + #"{"ID": 7}"# + "\n", "blank.jsonl", 4),
        ]
        for (text, name, line) in cases {
            let path = try Self.file(Array(text.utf8), name)
            let outcome = workspace.execute(":import \(path) as incident id=ID ts=time")
            #expect(
                outcome.error?.contains("line \(line): `ID` must hold the node's id") == true,
                "\(outcome.error ?? outcome.output)")
        }
        #expect(workspace.execute("incidents | count").output.hasPrefix("count\n─────\n210"))
    }

    @Test("rows cannot be imported into data with no `source` kind to cite the file by: refused, not half made")
    func importWithoutSourceKind() throws {
        let header =
            #"{"format": "kagami-graph-lines", "version": 1, "name": "bare", "schema": {"kinds": [{"name": "incident", "#
            + #""plural": "incidents", "properties": [{"name": "ts", "type": "instant"}]}], "edges": [], "links": []}}"#
        let document = try GraphFile.decode(Array((header + "\n").utf8), file: "bare.jsonl", format: .jsonl)
        let workspace = Workspace(document: document)
        let rows = try Self.file(Array("ID,time\nmy-1,2024-07-01T00:00:00Z\n".utf8), "rows.csv")
        let outcome = workspace.execute(":import \(rows) as incident id=ID ts=time")
        #expect(outcome.error?.contains("no `source` kind") == true, "\(outcome.error ?? outcome.output)")
        #expect(workspace.execute("incidents | count").output.hasPrefix("count\n─────\n0"))
    }

    @Test("a misspelt property is refused before the file is read, pointed at, with the nearest name")
    func importMappingFirst() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        let unreadable = try Self.file(Array("ID,time\n\"never closed\n".utf8), "unclosed.csv")
        let outcome = workspace.execute(":import \(unreadable) as incident id=ID tss=time")
        #expect(
            outcome.error?.contains("`incident` has no property or single link `tss`") == true,
            "\(outcome.error ?? outcome.output)")
        #expect(outcome.error?.contains("did you mean `ts`?") == true, "\(outcome.error ?? outcome.output)")
        #expect(outcome.error?.contains(" ^^^^^^^^ ") == true, "the caret marks `tss=time`: \(outcome.error ?? "")")
    }
}
