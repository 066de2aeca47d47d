import IncidentGraph
import Testing

/// The JSON Lines reader reads flat records without the JSON parser; these tests hold it to
/// the parser's meaning. Writing the `provenance` key with an escape (`provenanc\u0065`) means
/// the same JSON but makes the flat scan give up, so the same lines read both ways must give
/// the same graph, and the same error.
@Suite("Flat records read as the JSON parser reads them")
struct FlatRecordTests {
    private static let header =
        #"{"format": "kagami-graph-lines", "version": 1, "name": "flat", "schema": {"kinds": ["#
        + #"{"name": "event", "plural": "events", "display": ["ts"], "time": "ts", "properties": ["#
        + #"{"name": "ts", "type": "instant"}, {"name": "day", "type": "date"}, {"name": "span", "type": "duration"}, "#
        + #"{"name": "count", "type": "int"}, {"name": "score", "type": "double"}, {"name": "flag", "type": "bool"}, "#
        + #"{"name": "note", "type": "string"}, {"name": "tags", "type": "list"}, {"name": "from", "type": "string"}]}, "#
        + #"{"name": "place", "plural": "places", "display": ["name"], "properties": [{"name": "name", "type": "string"}]}], "#
        + #""edges": [{"label": "at", "from": ["event"], "to": ["place"], "properties": ["#
        + #"{"name": "weight", "type": "double"}, {"name": "id", "type": "string"}]}]}}"#

    /// Records of every shape the flat reader takes or hands on, in an order where an edge
    /// comes before one of its ends.
    private static let records = [
        #"{"id": "e1", "kind": "event", "ts": "2023-06-01T09:30:00Z", "day": "2023-06-01", "span": "90d 12h", "count": -42, "score": 1.5e3, "flag": true, "note": "日本語のメモ", "from": "Osaka", "provenance": "synthetic"}"#,
        #"{"from": "e1", "to": "p-later", "label": "at", "weight": 0.25, "id": "visit-1", "provenance": "imported", "status": "UNCONFIRMED"}"#,
        #"  {"provenance": "observed", "kind": "place", "id": "p-later", "name": "Later place"}  "#,
        #"{"id": "e2", "kind": "event", "ts": "2023-06-01T17:30:00.125+08:00", "score": 7, "note": null, "tags": ["a", 1, null], "provenance": "synthetic"}"#,
        "",
        #"{"from": "e2", "to": "p-later", "label": "at", "weight": null, "provenance": "synthetic"}"# + "\r",
        #"{"id": "e3", "kind": "event", "count": 1, "count": 2, "note": "last wins", "provenance": "synthetic"}"#,
        #"{"id": "e4", "id": "e4-second", "kind": "event", "count": 1234567890123456789, "provenance": "synthetic"}"#,
        #"{"id": "p-reported", "kind": "place", "name": "Cited", "provenance": "reported", "sources": ["s1"], "status": "REPORTED"}"#,
        #"{"id": "e5", "kind": "event", "note": "tab\tand \"quotes\"", "flag": false, "provenance": "synthetic"}"#,
    ]

    private func text(_ lines: [String], escaped: Bool) -> String {
        ([Self.header] + lines).map { line in
            escaped ? line.replacingOccurrences(of: #""provenance""#, with: #""provenanc\u0065""#) : line
        }.joined(separator: "\n") + "\n"
    }

    private func load(_ text: String) throws(GraphError) -> GraphDocument {
        try GraphFile.decode(Array(text.utf8), file: "flat.jsonl", format: .jsonl)
    }

    @Test("flat and parsed records give the same nodes, values, provenance and edge order")
    func sameGraph() throws {
        let flat = try load(text(Self.records, escaped: false))
        let parsed = try load(text(Self.records, escaped: true))
        #expect(GraphFile.encode(flat, format: .jsonl) == GraphFile.encode(parsed, format: .jsonl))
        let graph = flat.graph
        let e1 = try #require(graph.node(id: "e1"))
        #expect(graph.value("from", of: e1) == .string("Osaka"))
        // Japanese text read where it lies is a string of characters, not of bytes.
        let note = try #require(graph.value("note", of: e1).stringValue)
        #expect(note.count == 6 && Array(note) == Array("日本語のメモ"))
        #expect(graph.value("score", of: e1) == .double(1500))
        #expect(graph.value("count", of: try #require(graph.node(id: "e3"))) == .int(2))
        #expect(graph.node(id: "e4") != nil && graph.node(id: "e4-second") == nil)
        // The edge from e1 names a place added after it: it comes after the edge from e2.
        #expect(graph.record(of: EdgeID(index: 0)).from == "e2")
        #expect(graph.record(of: EdgeID(index: 1)).properties.map(\.name) == ["id", "weight"])
        #expect(
            graph.record(of: EdgeID(index: 1)).provenance
                == Provenance(origin: .imported, sources: [], status: .unconfirmed))
    }

    /// Lines the reader must refuse, each with a word of the error it gives.
    private static let refused: [(line: String, message: String)] = [
        (#"{"id": "x", "kind": "event", "cuont": 1, "provenance": "synthetic"}"#, "has no property `cuont`"),
        (#"{"id": "x", "kind": "event", "count": "3", "provenance": "synthetic"}"#, "must be int"),
        (#"{"id": "x", "kind": "event", "count": "3", "count": 2, "provenance": "synthetic"}"#, "must be int"),
        (
            #"{"id": "x", "kind": "event", "ts": "2023-06-01T09:30:00", "provenance": "synthetic"}"#,
            "must be an instant"
        ),
        (#"{"id": "x", "kind": "evnt", "provenance": "synthetic"}"#, "unknown kind"),
        (#"{"id": "x", "kind": "event", "provenance": "made-up"}"#, "provenance must be one of"),
        (#"{"id": "x", "kind": "event", "provenance": "reported"}"#, "has no `sources`"),
        (#"{"id": "x", "kind": "event", "provenance": "imported", "status": "maybe"}"#, "status must be one of"),
        (#"{"id": "e1", "kind": "event", "provenance": "synthetic"}"#, "already used"),
        (#"{"id": "a b", "kind": "event", "provenance": "synthetic"}"#, "white space"),
        (#"{"id": "x", "kind": "event", "count": 01, "provenance": "synthetic"}"#, "leading zeros"),
        (#"{"id": "x", "kind": "event", "score": 1e999, "provenance": "synthetic"}"#, "out of range"),
        (#"{"id": "x", "kind": "event", "provenance": "synthetic"} x"#, "expected the end"),
        (#"{"id": "x", "kind": "event"}"#, "has no `provenance`"),
        (#"{"from": "e1", "to": "p-later", "label": "by", "provenance": "synthetic"}"#, "unknown edge label"),
        (
            #"{"from": "e1", "to": "p-later", "label": "at", "size": 1, "provenance": "synthetic"}"#,
            "has no property `size`"
        ),
        (#"{"from": "p-later", "to": "e1", "label": "at", "provenance": "synthetic"}"#, "cannot start at kind `place`"),
        (#"{"from": "e1", "to": "nowhere", "label": "at", "provenance": "synthetic"}"#, "is not a node"),
        (
            "{\"id\": \"x\", \"kind\": \"event\", \"note\": \"a\u{01}b\", \"provenance\": \"synthetic\"}",
            "control character"
        ),
    ]

    @Test("a bad record is refused at its line, with the parser's message", arguments: refused.indices)
    func refusedAtItsLine(index: Int) throws {
        let (line, message) = Self.refused[index]
        let lines =
            Array(Self.records.prefix(3)) + [line] + [#"{"id": "after", "kind": "place", "provenance": "synthetic"}"#]
        for escaped in [false, true] {
            let error = try #require(throws: GraphError.self) { try load(text(lines, escaped: escaped)) }
            #expect(error.message.contains(message), "\(error)")
            if !message.contains("is not a node") { #expect(error.location?.line == 5, "\(error)") }
        }
    }

    @Test("a string that is not UTF-8 is refused at its line")
    func invalidUTF8() throws {
        var bytes = Array((text(Array(Self.records.prefix(3)), escaped: false)).utf8)
        bytes += Array(#"{"id": "x", "kind": "place", "name": "bad "#.utf8) + [0xC3, 0x28]
        bytes += Array(#"", "provenance": "synthetic"}"#.utf8) + [0x0A]
        let error = try #require(throws: GraphError.self) {
            try GraphFile.decode(bytes, file: "flat.jsonl", format: .jsonl)
        }
        #expect(error.message.contains("not valid UTF-8"), "\(error)")
        #expect(error.location?.line == 5)
    }

    @Test("a long run of edges, their ends looked up on two threads, gives the graph built record by record")
    func longRunOfEdges() throws {
        let places = 3_000
        let edges = 20_000  // one run: more than the builder looks up on one thread
        // Every fifth place has a Japanese id; every seventh edge is read by the parser (its
        // ids decoded from the JSON, not bytes of the text); one edge waits for a later place.
        func place(_ index: Int) -> String { index % 5 == 0 ? "場所-\(index)" : "place-\(index)" }
        var lines: [String] = []
        var builder = GraphBuilder(schema: try load(text([], escaped: false)).graph.schema)
        for index in 0..<places {
            lines.append(
                #"{"id": "\#(place(index))", "kind": "place", "name": "P\#(index)", "provenance": "synthetic"}"#)
            try builder.addNode(
                id: place(index), kind: "place", properties: ["name": .string("P\(index)")], provenance: .synthetic)
        }
        for index in 0..<places {
            lines.append(#"{"id": "e\#(index)", "kind": "event", "count": \#(index), "provenance": "synthetic"}"#)
            try builder.addNode(
                id: "e\(index)", kind: "event", properties: ["count": .int(index)], provenance: .synthetic)
        }
        let imported = Provenance(origin: .imported, sources: [], status: nil)
        for index in 0..<edges {
            let (from, to) = ("e\((index * 7) % places)", index == 100 ? "p-last" : place((index * 13) % places))
            let key = index % 7 == 0 ? #""provenanc\u0065""# : #""provenance""#
            let origin = index % 3 == 0 ? "imported" : "synthetic"
            lines.append(
                #"{"from": "\#(from)", "to": "\#(to)", "label": "at", "weight": \#(index), \#(key): "\#(origin)"}"#)
            try builder.addEdge(
                from: from, to: to, label: "at", properties: ["weight": .double(Double(index))],
                provenance: index % 3 == 0 ? imported : .synthetic)
        }
        lines.append(#"{"id": "p-last", "kind": "place", "provenance": "synthetic"}"#)
        try builder.addNode(id: "p-last", kind: "place", properties: [:], provenance: .synthetic)
        let read = try load(text(lines, escaped: false))
        let built = GraphDocument(name: read.name, about: read.about, graph: try builder.build())
        #expect(read.graph.edgeCount == edges)
        #expect(GraphFile.encode(read, format: .jsonl) == GraphFile.encode(built, format: .jsonl))
    }

    /// Lines of a few shapes (the same keys, in the same order, with the same bytes around the
    /// values), repeated with values of every kind and with the shapes in turn, and more
    /// shapes than the reader keeps: it reads a line of a shape it knows by the bytes around
    /// the values, and must read it as the parser does.
    private static var repeatedShapes: [String] {
        var lines: [String] = []
        for index in 0..<40 {
            let count = [#"\#(index)"#, "null", #"-\#(index * 1_000)"#][index % 3]
            let note = [#""n\#(index)""#, "null", #""日本 \#(index)""#, #""tab\tin \#(index)""#][index % 4]
            lines.append(
                #"{"id": "r\#(index)", "kind": "event", "count": \#(count), "note": \#(note), "provenance": "synthetic"}"#
            )
            lines.append(#"{"from": "r\#(index)", "to": "p-later", "label": "at", "provenance": "synthetic"}"#)
            // The same keys as the events' line, for another kind.
            lines.append(#"{"id": "q\#(index)", "kind": "place", "name": "Q\#(index)", "provenance": "synthetic"}"#)
            // Shapes that differ only in white space: more of them than the reader keeps.
            let space = String(repeating: " ", count: index % 11)
            lines.append(#"{"id": "w\#(index)",\#(space)"kind": "place", "provenance": "synthetic"}"#)
        }
        return lines
    }

    @Test("lines of shapes read before, in turn and with more shapes than kept, give the parser's graph")
    func repeatedShapesGiveTheSameGraph() throws {
        let lines = Array(Self.records.prefix(3)) + Self.repeatedShapes
        let flat = try load(text(lines, escaped: false))
        let parsed = try load(text(lines, escaped: true))
        #expect(GraphFile.encode(flat, format: .jsonl) == GraphFile.encode(parsed, format: .jsonl))
        let graph = flat.graph
        #expect(graph.value("count", of: try #require(graph.node(id: "r2"))) == .int(-2_000))
        #expect(graph.value("note", of: try #require(graph.node(id: "r3"))) == .string("tab\tin 3"))
        #expect(graph.value("name", of: try #require(graph.node(id: "q7"))) == .string("Q7"))
        #expect(graph.edgeCount == 41)
    }

    /// A line the reader must refuse after a line of the same shape it took, with a word of
    /// the error.
    private static let badLinesAfterTheirShape: [(taken: String, refused: String, message: String)] = [
        (
            #"{"id": "x1", "kind": "event", "note": "n", "provenance": "synthetic"}"#,
            #"{"id": "x2", "kind": "place", "note": "n", "provenance": "synthetic"}"#, "has no property `note`"
        ),
        (
            #"{"id": "x1", "kind": "event", "count": 1, "provenance": "synthetic"}"#,
            #"{"id": "x2", "kind": "event", "count": 1.5, "provenance": "synthetic"}"#, "must be int"
        ),
        (
            #"{"id": "x1", "kind": "event", "count": 1, "provenance": "synthetic"}"#,
            #"{"id": "x2", "kind": "evnt", "count": 1, "provenance": "synthetic"}"#, "unknown kind"
        ),
        (
            #"{"id": "x1", "kind": "event", "count": 1, "provenance": "synthetic"}"#,
            #"{"id": "x1", "kind": "event", "count": 2, "provenance": "synthetic"}"#, "already used"
        ),
        (
            #"{"id": "x1", "kind": "event", "count": 1, "provenance": "synthetic"}"#,
            #"{"id": "x 2", "kind": "event", "count": 2, "provenance": "synthetic"}"#, "white space"
        ),
        (
            #"{"from": "e1", "to": "p-later", "label": "at", "provenance": "synthetic"}"#,
            #"{"from": "e1", "to": "p-later", "label": "by", "provenance": "synthetic"}"#, "unknown edge label"
        ),
        (
            #"{"from": "e1", "to": "p-later", "label": "at", "provenance": "synthetic"}"#,
            #"{"from": "e1", "to": "p-later", "label": "at", "provenance": "reported"}"#, "has no `sources`"
        ),
        (
            #"{"id": "x1", "kind": "event", "provenance": "synthetic"}"#,
            #"{"id": "x2", "kind": "event", "provenance": "synthetic"} x"#, "expected the end"
        ),
        (
            #"{"id": "x1", "kind": "event", "flag": true, "provenance": "synthetic"}"#,
            #"{"id": "x2", "kind": "event", "flag": truex, "provenance": "synthetic"}"#, "expected"
        ),
    ]

    @Test("a bad line after a line of its shape is refused at its line", arguments: badLinesAfterTheirShape.indices)
    func refusedAfterItsShape(index: Int) throws {
        let (taken, refused, message) = Self.badLinesAfterTheirShape[index]
        let lines = Array(Self.records.prefix(3)) + [taken, refused]
        let error = try #require(throws: GraphError.self) { try load(text(lines, escaped: false)) }
        #expect(error.message.contains(message), "\(error)")
        #expect(error.location?.line == 6, "\(error)")
    }
}
