import Foundation
import TestSupport
import Testing

@testable import IncidentGraph

@Suite("JSON Lines files read in blocks")
struct LineBlocksTests {
    /// Lines of every length around the block sizes tried: blank ones, one longer than several
    /// blocks, Japanese text, and a last line without its newline.
    static let text =
        "{\"a\": 1}\n\n" + String(repeating: "x", count: 130) + "\n" + "台湾の事務所\n" + "\n\n"
        + (0..<40).map { String(repeating: "y", count: $0) }.joined(separator: "\n") + "\nlast"

    /// Every block of a source, in order.
    private static func blocks(_ source: some LineBlocks) throws -> [[UInt8]] {
        try (0..<source.blockCount).map { try source.lines(inBlock: $0) }
    }

    /// Checks that the blocks are whole lines that together are the text, each once.
    private static func expectWholeLines(_ blocks: [[UInt8]], blockSize: Int) {
        let joined = blocks.flatMap { $0 }
        #expect(joined == Array(text.utf8), "block size \(blockSize)")
        let cutMidLine = blocks.filter { !$0.isEmpty }.dropLast().contains { $0.last != 0x0A }
        #expect(!cutMidLine, "block size \(blockSize): a block ends inside a line")
    }

    @Test("blocks of any size hold whole lines, each line once, from bytes and from a file")
    func wholeLines() throws {
        let path = try BuiltProgram.temporaryFolder() + "/blocks.jsonl"
        try Self.text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for blockSize in Array(1...45) + [64, 129, 131, 1 << 20] {
            Self.expectWholeLines(
                try Self.blocks(WholeBytes(bytes: Array(Self.text.utf8), blockSize: blockSize)), blockSize: blockSize)
            Self.expectWholeLines(
                try Self.blocks(try FileChunks(path: path, blockSize: blockSize)), blockSize: blockSize)
        }
    }

    @Test("a line longer than the reads that look for a line's start is held whole by one block")
    func longLine() throws {
        // A block's start is looked for 1 KiB at a time, then 4, 16 and 64 KiB at a time.
        let long = String(repeating: "z", count: 150_000)
        let text = "{\"a\": 1}\n" + long + "\n" + "after\n" + long + "\nlast"
        let path = try BuiltProgram.temporaryFolder() + "/long-line.jsonl"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for blockSize in [1000, 1025, 4096, 70_000, 150_011, 1 << 20] {
            for blocks in [
                try Self.blocks(WholeBytes(bytes: Array(text.utf8), blockSize: blockSize)),
                try Self.blocks(try FileChunks(path: path, blockSize: blockSize)),
            ] {
                let whole = blocks.flatMap { $0 } == Array(text.utf8)  // compared apart: the text is long
                #expect(whole, "block size \(blockSize): the blocks are not the text, each line once")
                let lines = blocks.filter { !$0.isEmpty }
                #expect(!lines.dropLast().contains { $0.last != 0x0A }, "block size \(blockSize): cut inside a line")
            }
        }
    }

    /// A JSON Lines graph of the sample schema whose edges name their ends in every order the
    /// reader finds differently: each node after the one before, one node again and again,
    /// backwards, scattered, a node listed only after the edge, ids that share a prefix, an id
    /// written with an escape.
    static func edgeOrders() throws -> (text: String, edges: [(from: String, to: String, label: String)]) {
        let header = try #require(
            GraphFile.encode(GraphDocument(name: "ends", about: "", graph: try SampleGraph.graph()), format: .jsonl)
                .split(separator: "\n").first)
        var lines = [String(header)]
        func node(_ id: String, _ kind: String) {
            lines.append(#"{"id": "\#(id)", "kind": "\#(kind)", "provenance": "synthetic"}"#)
        }
        var edges: [(from: String, to: String, label: String)] = []
        func edge(_ from: String, _ to: String, _ label: String) {
            edges.append((from, to, label))
            lines.append(#"{"from": "\#(from)", "to": "\#(to)", "label": "\#(label)", "provenance": "synthetic"}"#)
        }
        let count = 30
        for index in 0..<count { node("i\(index)", "incident") }
        for index in 0..<count { node("o\(index)", "org") }
        for index in 0..<3 { node("s\(index)", "sector") }
        for index in 0..<count { edge("i\(index)", "o\(index)", "targeted") }
        for index in 0..<count { edge("i\(index)", "o\(count - 1 - index)", "targeted") }
        for index in 0..<count { edge("o\(index)", "s\(index % 3)", "in_sector") }
        for index in 0..<count { edge("i\(index * 7 % count)", "o\(index * 11 % count)", "targeted") }
        for index in [1, 10, 11, 1, 2, 20, 2, 21] { edge("i\(index)", "o\(index)", "targeted") }
        // Edges in node order with gaps, some within the nodes an end is compared with before
        // the table is read, some beyond them, over more than one run of lookups.
        for index in 0..<200 { node("n\(index)", "incident") }
        var next = 0
        for gap in Array(repeating: [1, 2, 1, 3, 1, 4, 1, 5, 6], count: 8).joined() where next + gap < 200 {
            next += gap
            edge("n\(next)", "o\(next % count)", "targeted")
        }
        for index in [4, 5, 5] {  // `\u0069` is `i`: the JSON parser reads these lines
            edges.append(("i\(index)", "o\(index)", "targeted"))
            lines.append(
                #"{"from": "\u0069\#(index)", "to": "o\#(index)", "label": "targeted", "provenance": "synthetic"}"#)
        }
        edge("i0", "o-late", "targeted")
        node("o-late", "org")
        edge("i1", "o-late", "targeted")
        return (lines.joined(separator: "\n") + "\n", edges)
    }

    @Test("edges find their ends whatever order they name them in, in blocks of any size")
    func edgeEnds() throws {
        let (text, expected) = try Self.edgeOrders()
        for blockSize in [97, 256, 1 << 20] {
            let graph = try GraphFile.decodeLines(
                WholeBytes(bytes: Array(text.utf8), blockSize: blockSize), name: "ends.jsonl"
            ).graph
            // An edge listed before its end's node is numbered after the others: compare as sets.
            let found = (0..<graph.edgeCount).map { graph.record(of: EdgeID(index: $0)) }.map {
                "\($0.from) -\($0.label)-> \($0.to)"
            }
            let same = found.sorted() == expected.map { "\($0.from) -\($0.label)-> \($0.to)" }.sorted()
            #expect(same, "block size \(blockSize)")
        }
    }

    @Test("each kind's rows keep their values and order in blocks of any size, kinds in runs and interleaved")
    func kindRows() throws {
        let header = try #require(
            GraphFile.encode(GraphDocument(name: "rows", about: "", graph: try SampleGraph.graph()), format: .jsonl)
                .split(separator: "\n").first)
        var lines = [String(header)]
        var expected = GraphBuilder(schema: try SampleGraph.schema())
        func incident(_ index: Int) throws {
            lines.append(#"{"id": "i\#(index)", "kind": "incident", "files": \#(index), "provenance": "synthetic"}"#)
            try expected.addNode(
                id: "i\(index)", kind: "incident", properties: ["files": .int(index)], provenance: .synthetic)
        }
        func org(_ index: Int) throws {
            lines.append(#"{"id": "o\#(index)", "kind": "org", "name": "org \#(index)", "provenance": "synthetic"}"#)
            try expected.addNode(
                id: "o\(index)", kind: "org", properties: ["name": .string("org \(index)")], provenance: .synthetic)
        }
        // A run of orgs, one of incidents, then the two kinds taking turns, then incidents denser
        // than before: the tables' room is judged anew from blocks that hold them differently.
        try (0..<40).forEach(org)
        try (0..<60).forEach(incident)
        for index in 40..<140 { try index.isMultiple(of: 3) ? org(index) : incident(index + 20) }
        try (200..<400).forEach(incident)
        let text = lines.joined(separator: "\n") + "\n"
        let rows = GraphFile.encode(GraphDocument(name: "rows", about: "", graph: try expected.build()), format: .jsonl)
        for blockSize in [60, 97, 256, 1000, 1 << 20] {
            let read = try GraphFile.decodeLines(
                WholeBytes(bytes: Array(text.utf8), blockSize: blockSize), name: "rows.jsonl")
            #expect(read.graph.nodeCount == 400, "block size \(blockSize)")
            #expect(GraphFile.encode(read, format: .jsonl) == rows, "block size \(blockSize)")
        }
    }

    @Test("an error is located at its line in the file whatever the block size")
    func errorLine() throws {
        let (text, _) = try Self.edgeOrders()
        let broken = text + #"{"from": "i0", "to": "nowhere", "label": "targeted", "provenance": "synthetic"}"# + "\n"
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        for blockSize in [50, 333, 1 << 20] {
            let error = try #require(throws: GraphError.self) {
                try GraphFile.decodeLines(WholeBytes(bytes: Array(broken.utf8), blockSize: blockSize), name: "e.jsonl")
            }
            #expect(error.location?.line == line, "block size \(blockSize): \(error)")
        }
    }
}
