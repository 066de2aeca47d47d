import Foundation
import IncidentGraph
import TestSupport
import Testing

@Suite("Native JSON and JSON Lines files")
struct GraphFileTests {
    @Test("a graph survives JSON and JSON Lines round trips unchanged", arguments: GraphFormat.allCases)
    func roundTrip(format: GraphFormat) throws {
        let document = GraphDocument(name: "sample", about: "テスト \"quoted\"\nline", graph: try SampleGraph.graph())
        let text = GraphFile.encode(document, format: format)
        let decoded = try GraphFile.decode(Array(text.utf8), file: "sample", format: format)
        #expect(GraphFile.encode(decoded, format: format) == text)
        #expect(decoded.name == "sample")
        #expect(decoded.about == document.about)
        #expect(decoded.graph.nodeCount == document.graph.nodeCount)
        #expect(decoded.graph.edgeCount == document.graph.edgeCount)
        let jaxa = try #require(decoded.graph.node(id: "jaxa"))
        #expect(decoded.graph.value("name", of: jaxa) == .string("宇宙航空研究開発機構"))
        #expect(decoded.graph.provenance(of: jaxa) == SampleGraph.reported)
        let incident = try #require(decoded.graph.node(id: "inc-2"))
        #expect(
            decoded.graph.value("ts", of: incident) == .instant(try #require(Instant(iso8601: "2023-06-15T01:30:00Z"))))
        let edge = try #require(decoded.graph.edges(at: incident, direction: .out, label: "attributed_to").first)
        #expect(decoded.graph.edge(edge).properties["confidence"] == .string("high"))
    }

    @Test("a document is read record by record in any member order; text after it is still an error")
    func recordByRecord() throws {
        let document = GraphDocument(name: "sample", about: "", graph: try SampleGraph.graph())
        let text = GraphFile.encode(document, format: .json)
        // The same document with its edges listed before its nodes.
        let nodesStart = try #require(text.range(of: "\n\"nodes\": ["))
        let edgesStart = try #require(text.range(of: "\n\"edges\": ["))
        let body = String(text[..<nodesStart.lowerBound])
        let nodes = String(text[nodesStart.lowerBound..<edgesStart.lowerBound].dropLast())  // its comma
        let edges = String(text[edgesStart.lowerBound...].drop { $0 == "\n" })
        let closed = try #require(edges.range(of: "}", options: .backwards))
        let reordered = body + "\n" + edges[..<closed.lowerBound] + "," + nodes + "\n}\n"
        let decoded = try GraphFile.decode(Array(reordered.utf8), file: "r.json", format: .json)
        #expect(GraphFile.encode(decoded, format: .json) == text)
        #expect(throws: GraphError.self) {
            try GraphFile.decode(Array((text + "{}").utf8), file: "t.json", format: .json)
        }
    }

    @Test("a large document is decoded in runs: the graph its JSON Lines give, errors on their lines")
    func documentInRuns() throws {
        // Three runs of records and more; one node written over several lines, one with an escape.
        let count = 50_000
        var nodes = (0..<count).map {
            #"{"id": "o\#($0)", "kind": "org", "name": "Org \#($0)", "provenance": "synthetic"}"#
        }
        nodes[40_000] = "{\"id\": \"o40000\",\n  \"kind\": \"org\",\n  \"provenance\": \"synthetic\"}"
        nodes[45_000] = #"{"id": "o45000", "kind": "org", "name": "\"quoted\"", "provenance": "synthetic"}"#
        let edges = (1..<count).map {
            #"{"from": "o\#($0)", "to": "o\#(($0 * 7) % count)", "label": "partner_of", "provenance": "synthetic"}"#
        }
        let document = Self.document(nodes: nodes.joined(separator: ",\n"), edges: edges.joined(separator: ",\n"))
        let decoded = try GraphFile.decode(Array(document.utf8), file: "big.json", format: .json)
        let lines = GraphFile.encode(decoded, format: .jsonl)
        let again = try GraphFile.decode(Array(lines.utf8), file: "big.jsonl", format: .jsonl)
        let same = GraphFile.encode(again, format: .jsonl) == lines
        #expect(same && decoded.graph.nodeCount == count && decoded.graph.edgeCount == count - 1)
        #expect(
            decoded.graph.value("name", of: try #require(decoded.graph.node(id: "o45000"))) == .string("\"quoted\""))
        // A bad edge in the third run: named on its line (nodes start on line 4, each one line but one).
        var bad = edges
        bad[30_000] = #"{"from": "o1", "to": "nowhere", "label": "partner_of", "provenance": "synthetic"}"#
        let broken = Self.document(nodes: nodes.joined(separator: ",\n"), edges: bad.joined(separator: ",\n"))
        let error = try #require(throws: GraphError.self) {
            try GraphFile.decode(Array(broken.utf8), file: "big.json", format: .json)
        }
        #expect(error.location?.line == 4 + count + 2 + 2 + 30_000, "\(error)")
        #expect(error.message.contains("`nowhere` is not a node"), "\(error)")
    }

    @Test("a file is written atomically and read back")
    func writeAndRead() throws {
        let path = try BuiltProgram.temporaryFolder() + "/graph.jsonl"
        let document = GraphDocument(name: "sample", about: "", graph: try SampleGraph.graph())
        try GraphFile.write(document, to: path, format: GraphFormat(path: path))
        let read = try GraphFile.read(path: path)
        #expect(read.graph.nodeCount == document.graph.nodeCount)
        #expect(throws: GraphError.self) { try GraphFile.read(path: path + ".missing") }
    }

    /// A one-kind document; `nodes` and `edges` are placed on lines 4 and 7.
    static func document(nodes: String, edges: String = "") -> String {
        """
        {"format": "kagami-graph", "version": 1, "name": "t",
        "schema": {"kinds": [{"name": "org", "plural": "orgs", "properties": [{"name": "name", "type": "string"}, {"name": "founded", "type": "date"}]}], "edges": [{"label": "partner_of", "from": ["org"], "to": ["org"]}]},
        "nodes": [
        \(nodes)
        ],
        "edges": [
        \(edges)
        ]}
        """
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        /// Text at the reported position (its first occurrence on `line`).
        let marker: String
        let line: Int
        let message: String
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(
            name: "trailing comma", text: document(nodes: #"{"id": "a", "kind": "org", "provenance": "synthetic",}"#),
            marker: "}", line: 4, message: "expected a quoted member name, found `}`"),
        Malformed(
            name: "unknown kind", text: document(nodes: #"{"id": "a", "kind": "orgs", "provenance": "synthetic"}"#),
            marker: #""orgs""#, line: 4, message: "node `a` has unknown kind `orgs`"),
        Malformed(
            name: "wrong date",
            text: document(nodes: #"{"id": "a", "kind": "org", "founded": "last year", "provenance": "synthetic"}"#),
            marker: #""last year""#, line: 4, message: "`founded` must be a date, found \"last year\""),
        Malformed(
            name: "unknown property",
            text: document(nodes: #"{"id": "a", "kind": "org", "nme": "A", "provenance": "synthetic"}"#),
            marker: #""A""#, line: 4, message: "kind `org` has no property `nme`"),
        Malformed(
            name: "reported without sources",
            text: document(
                nodes: #"{"id": "a", "kind": "org", "provenance": "reported", "sources": [], "status": "REPORTED"}"#),
            marker: "[]", line: 4, message: "reported node `a` cites no source"),
        Malformed(
            name: "missing provenance", text: document(nodes: #"{"id": "a", "kind": "org"}"#),
            marker: "{", line: 4, message: "node `a` has no `provenance`"),
        Malformed(
            name: "dangling edge",
            text: document(
                nodes: #"{"id": "a", "kind": "org", "provenance": "synthetic"}"#,
                edges: #"{"from": "a", "to": "b", "label": "partner_of", "provenance": "synthetic"}"#),
            marker: "{", line: 7, message: "edge `a` -[partner_of]-> `b`: its end `b` is not a node"),
        Malformed(
            name: "unclosed string", text: document(nodes: #"{"id": "a, "kind": "org"}"#),
            marker: "kind", line: 4, message: "expected `,` or `}` after a member, found `k`"),
        Malformed(
            name: "wrong format", text: #"{"format": "stix", "version": 1}"#,
            marker: #""stix""#, line: 1, message: "this is not a kagami-graph file (format is \"stix\")"),
        Malformed(
            name: "truncated", text: String(document(nodes: "").prefix(60)),
            marker: "", line: 2, message: "this string is never closed"),
    ]

    @Test("malformed input gets an error with its line and column", arguments: malformed)
    func malformedInput(_ example: Malformed) throws {
        let error = try #require(throws: GraphError.self) {
            try GraphFile.decode(Array(example.text.utf8), file: "bad.json", format: .json)
        }
        #expect(error.message == example.message)
        let location = try #require(error.location)
        #expect(location.file == "bad.json")
        #expect(location.line == example.line)
        if !example.marker.isEmpty {
            let line = example.text.split(separator: "\n", omittingEmptySubsequences: false)[example.line - 1]
            let column = try #require(line.range(of: example.marker)).lowerBound
            #expect(location.column == line.distance(from: line.startIndex, to: column) + 1)
        }
    }

    @Test("JSON Lines errors name the line of the bad record")
    func jsonLinesError() throws {
        let document = GraphDocument(name: "sample", about: "", graph: try SampleGraph.graph())
        var lines = GraphFile.encode(document, format: .jsonl).split(separator: "\n").map(String.init)
        lines[3] = #"{"id": "broken", "kind": "org", "provenance": "synthetic", "name": 7}"#
        let error = try #require(throws: GraphError.self) {
            try GraphFile.decode(Array(lines.joined(separator: "\n").utf8), file: "bad.jsonl", format: .jsonl)
        }
        #expect(error.location?.line == 4)
        #expect(error.location?.column == 68)
        #expect(error.message == "`name` must be string, found a number")
    }

    @Test("columns count characters, not bytes, after Japanese text")
    func columnsInCharacters() throws {
        let text = GraphFileTests.document(
            nodes: #"{"id": "a", "kind": "org", "name": "宇宙", "founded": 3, "provenance": "synthetic"}"#)
        let error = try #require(throws: GraphError.self) {
            try GraphFile.decode(Array(text.utf8), file: "f", format: .json)
        }
        #expect(error.location?.column == 53)
    }

    @Test("hostile nesting is refused, not a stack overflow")
    func deepNesting() throws {
        let text = String(repeating: "[", count: 100_000)
        let error = try #require(throws: GraphError.self) {
            try GraphFile.decode(Array(text.utf8), file: "f", format: .json)
        }
        #expect(error.message.contains("nested deeper than"))
    }

    @Test("invalid UTF-8 is an error, not a crash")
    func invalidUTF8() throws {
        let bytes: [UInt8] = Array(#"{"format": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        let error = try #require(throws: GraphError.self) { try GraphFile.decode(bytes, file: "f", format: .json) }
        #expect(error.message == "this string is not valid UTF-8")
    }
}

@Suite("Large JSON Lines files")
struct LargeFileTests {
    @Test("a file read in several chunks reports the right line of a bad record")
    func lineNumbersAcrossChunks() throws {
        let path = try BuiltProgram.temporaryFolder() + "/chunks.jsonl"
        let document = GraphDocument(name: "big", about: "", graph: try SampleGraph.graph())
        var text = GraphFile.encode(document, format: .jsonl).split(separator: "\n").first.map(String.init) ?? ""
        text += "\n"
        let lines = 200_000
        for index in 0..<lines {
            text +=
                #"{"id": "org-\#(index)", "kind": "org", "name": "Placeholder \#(index)", "provenance": "synthetic"}"#
                + "\n"
        }
        text += #"{"id": "org-bad", "kind": "org", "name": 12, "provenance": "synthetic"}"# + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(text.utf8.count > 8 << 20, "the file must span more than one 8 MiB block")
        let error = try #require(throws: GraphError.self) { try GraphFile.read(path: path) }
        #expect(error.location?.line == lines + 2)
        #expect(error.location?.column == 42)
    }

    /// The errors of a JSON Lines file of several 8 MiB chunks — a header line, `before`, 200,000
    /// org records, then `after` — read from a file and from bytes.
    private func failuresOfLargeFile(_ name: String, before: String, after: String) throws -> [GraphError] {
        let path = try BuiltProgram.temporaryFolder() + "/" + name
        let document = GraphDocument(name: "big", about: "", graph: try SampleGraph.graph())
        var text = GraphFile.encode(document, format: .jsonl).split(separator: "\n").first.map(String.init) ?? ""
        text += "\n" + before
        for index in 0..<200_000 {
            text +=
                #"{"id": "org-\#(index)", "kind": "org", "name": "Placeholder \#(index)", "provenance": "synthetic"}"#
                + "\n"
        }
        text += after
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(text.utf8.count > 16 << 20, "the file must span several 8 MiB chunks")
        let fromFile = try #require(throws: GraphError.self) { try GraphFile.read(path: path) }
        let fromBytes = try #require(throws: GraphError.self) {
            try GraphFile.decode(Array(text.utf8), file: path, format: .jsonl)
        }
        return [fromFile, fromBytes]
    }

    @Test(
        "records are read on another thread, but errors come in file order: a duplicate id before a later syntax error")
    func errorsInFileOrder() throws {
        let node = #"{"id": "twice", "kind": "org", "name": "Twice", "provenance": "synthetic"}"#
        let cutShort = "{\"id\": \"org-bad\", \"kind\": \"org\", \"name\": \n"  // a syntax error
        for error in try failuresOfLargeFile("ordered.jsonl", before: node + "\n" + node + "\n", after: cutShort) {
            #expect(error.location?.line == 3, "\(error)")
            #expect(error.message.contains("already used"), "\(error.message)")
        }
    }

    @Test("an error in a later chunk of a file gives its line in the file, from a file and from bytes")
    func laterChunkLine() throws {
        let misspelt = #"{"id": "org-bad", "kind": "org", "nmae": "x", "provenance": "synthetic"}"# + "\n"
        // A blank line after the header counts as a line.
        for error in try failuresOfLargeFile("late-error.jsonl", before: "\n", after: misspelt) {
            #expect(error.location?.line == 200_003, "\(error)")
            #expect(error.location?.column == 42, "\(error)")
            #expect(error.message.contains("has no property `nmae`"), "\(error.message)")
        }
    }
}
