import Foundation

/// A graph with the name and description of its data set, as stored in a file.
public struct GraphDocument: Sendable {
    /// Short data-set name (`mirrorface`), recorded in session headers.
    public var name: String
    /// What the data set is and where it comes from (licence notes included).
    public var about: String
    /// The graph.
    public var graph: IncidentGraph

    /// A document.
    public init(name: String, about: String, graph: IncidentGraph) {
        self.name = name
        self.about = about
        self.graph = graph
    }
}

/// The two native file formats.
public enum GraphFormat: String, Sendable, CaseIterable {
    /// One JSON document: `{"format": "kagami-graph", "version": 1, "schema": …, "nodes": […], "edges": […]}`.
    case json
    /// JSON Lines: a header line with the schema, then one node or edge per line; streams.
    case jsonl

    /// The format a path's extension names (`.jsonl` or `.ndjson` for lines, else one document).
    public init(path: String) {
        self = path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") ? .jsonl : .json
    }
}

/// Loading and saving graphs in the native formats, with errors that give file, line and
/// column. A load either returns a whole graph or throws: nothing is ever half-loaded.
public enum GraphFile {
    /// The `format` value of a native JSON document.
    public static let documentFormat = "kagami-graph"
    /// The `format` value of the header line of a JSON Lines file.
    public static let linesFormat = "kagami-graph-lines"
    /// The only version this build reads and writes.
    public static let version = 1

    /// How far a read has come: bytes read of all, and records (nodes and edges) so far. An
    /// error it throws stops the read with that error (the analyst pressed Ctrl-C).
    public typealias Progress = (_ bytesRead: Int, _ totalBytes: Int, _ records: Int) throws(GraphError) -> Void

    /// Reads a graph file; the format follows the extension. JSON Lines files are read in
    /// blocks, so that the file's bytes and the whole graph are never in memory together, and
    /// `progress` hears after each block (``BlockPipeline/blockSize``); a JSON document's
    /// records are decoded in runs, and `progress` hears after each run.
    public static func read(path: String, progress: Progress? = nil) throws(GraphError) -> GraphDocument {
        let file = try FileChunks(path: path)
        switch GraphFormat(path: path) {
        case .json:
            let bytes = try file.readAll()
            var fields = JSONFields(locator: Locator(file: path, bytes: bytes))
            return try decodeDocument(bytes, &fields, progress: progress)
        case .jsonl: return try decodeLines(file, name: path, progress: progress)
        }
    }

    /// The whole of a file's bytes, read in large blocks into one array of its size.
    public static func contents(of path: String) throws(GraphError) -> [UInt8] {
        try FileChunks(path: path).readAll()
    }

    /// A file's first `count` bytes (all of a shorter file).
    package static func contents(of path: String, upTo count: Int) throws(GraphError) -> [UInt8] {
        let file = try FileChunks(path: path)
        return try file.bytes(0..<min(count, file.totalBytes))
    }

    /// Decodes a graph from bytes; `file` names the input in error messages.
    public static func decode(_ bytes: [UInt8], file: String, format: GraphFormat) throws(GraphError) -> GraphDocument {
        switch format {
        case .json:
            var fields = JSONFields(locator: Locator(file: file, bytes: bytes))
            return try decodeDocument(bytes, &fields)
        case .jsonl:
            return try decodeLines(WholeBytes(bytes: bytes), name: file)
        }
    }

    /// The text of a graph in a format: deterministic (nodes, then edges, in graph order).
    public static func encode(_ document: GraphDocument, format: GraphFormat) -> String {
        var text = ""
        write(document, format: format) { text += $0 }
        return text
    }

    /// Streams a graph in a format to `emit`, record by record.
    public static func write(_ document: GraphDocument, format: GraphFormat, emit: @escaping (String) -> Void) {
        let graph = document.graph
        var writer = GraphStreamWriter(
            format: format, name: document.name, about: document.about, schema: graph.schema, emit: emit)
        for node in graph.allNodes { writer.write(graph.record(of: node)) }
        writer.beginEdges()
        for index in 0..<graph.edgeCount { writer.write(graph.record(of: EdgeID(index: index))) }
        writer.finish()
    }

    /// Writes a graph atomically: a reader sees the old file or the new one, never half of one.
    public static func write(_ document: GraphDocument, to path: String, format: GraphFormat) throws(GraphError) {
        try AtomicFile.write(encode(document, format: format), to: path)
    }

    private static func decodeDocument(_ bytes: [UInt8], _ fields: inout JSONFields, progress: Progress? = nil)
        throws(GraphError) -> GraphDocument
    {
        if let document = try decodeDocumentByRecord(bytes, &fields, progress: progress) { return document }
        let root = try parse(bytes, nil, &fields)
        _ = try fields.object(root, "a Kagami graph document")
        let (name, about) = try header(root, expected: documentFormat, &fields)
        var builder = GraphBuilder(schema: try fields.schema(try fields.member("schema", of: root, "the document")))
        for record in try fields.array(try fields.member("nodes", of: root, "the document"), "the list of nodes") {
            try fields.addRecord(record, to: &builder)
        }
        for record in try fields.array(try fields.member("edges", of: root, "the document"), "the list of edges") {
            try fields.addRecord(record, to: &builder)
        }
        return GraphDocument(name: name, about: about, graph: try builder.build())
    }

    /// Records of a JSON document decoded together on a worker thread.
    static let documentRun = 32_768

    /// A document decoded record by record, never as one tree: its nodes and edges in runs of
    /// ``documentRun`` on worker threads, a few ahead, while the builder takes in the run
    /// before them, as a JSON Lines file's blocks are (``ChunkDecoder``); nil when the text is
    /// not laid out as a document the scanner follows (the whole-tree decoder then gives the
    /// exact error).
    private static func decodeDocumentByRecord(_ bytes: [UInt8], _ fields: inout JSONFields, progress: Progress?)
        throws(GraphError) -> GraphDocument?
    {
        guard let members = JSONScan.members(bytes),
            let nodes = members.first(where: { $0.key == "nodes" }).flatMap({ JSONScan.elements(bytes, $0.value) }),
            let edges = members.first(where: { $0.key == "edges" }).flatMap({ JSONScan.elements(bytes, $0.value) })
        else { return nil }
        var head: [JSONValue.Member] = []
        for member in members where member.key != "nodes" && member.key != "edges" {
            head.append(JSONValue.Member(key: member.key, value: try parse(bytes, member.value, &fields)))
        }
        let root = JSONValue(offset: 0, content: .object(head))
        let (name, about) = try header(root, expected: documentFormat, &fields)
        var builder = GraphBuilder(schema: try fields.schema(try fields.member("schema", of: root, "the document")))
        let records = nodes + edges
        builder.reserveCapacity(records: records.count)
        let decoder = ChunkDecoder(file: fields.locator.file, schema: builder.schema)
        let runs = (records.count + documentRun - 1) / documentRun
        var taken = 0
        try BackgroundValue.inOrder(runs) { run in
            decoder.decode(bytes, records: records[run * documentRun..<min((run + 1) * documentRun, records.count)])
        } take: { chunk throws(GraphError) in
            if chunk.recordCount > 0 {
                let chunkEnd = records[taken + chunk.recordCount - 1].upperBound
                builder.reserveRows(like: chunk, endingAt: chunkEnd, fileEnd: bytes.count)
            }
            try builder.add(&chunk, file: decoder.file, firstLine: 1)
            taken += chunk.recordCount
            if taken > 0 { try progress?(records[taken - 1].upperBound, bytes.count, taken) }
        }
        return GraphDocument(name: name, about: about, graph: try builder.build())
    }

    /// Reads the header line, then reads and decodes blocks on worker threads, a few ahead,
    /// while the builder takes in the block before them (``ChunkDecoder``); errors come in file
    /// order.
    static func decodeLines(_ source: some LineBlocks, name: String, progress: Progress? = nil)
        throws(GraphError) -> GraphDocument
    {
        var block = 0
        var lineEndsBefore = 0
        var first: (bytes: [UInt8], rest: Int, header: Range<Int>)?
        while first == nil, block < source.blockCount {
            let bytes = try source.lines(inBlock: block)
            block += 1
            var position = 0
            var lineEnds = 0
            if let line = bytes.withUnsafeBufferPointer({
                ChunkDecoder.nextLine(in: $0, from: &position, lineEnds: &lineEnds)
            }) {
                first = (bytes, position, line)
            } else {
                lineEndsBefore += lineEnds
            }
        }
        guard let first else {
            throw GraphError(
                .format, "the file is empty", at: SourceLocation(file: name, line: 1, column: 1),
                hint: "a JSON Lines graph starts with a header line: {\"format\": \"\(linesFormat)\", …}")
        }
        var fields = JSONFields(locator: Locator(file: name, bytes: first.bytes, firstLine: lineEndsBefore + 1))
        let headerLine = try parse(first.bytes, first.header, &fields)
        _ = try fields.object(headerLine, "the header line")
        let identity = try header(headerLine, expected: linesFormat, &fields)
        var builder = GraphBuilder(
            schema: try fields.schema(try fields.member("schema", of: headerLine, "the header line")))
        let decoder = ChunkDecoder(file: name, schema: builder.schema)
        var inFlight = [(decoder.start(first.bytes, from: first.rest), block - 1)]
        var firstLine = lineEndsBefore + 1
        var records = 0
        // Once a block adds no nodes (the edges of the file have begun), the blocks started
        // after it find their edges' ends among the nodes numbered so far on the worker.
        var finder: EndFinder?
        while !inFlight.isEmpty {
            // Blocks are read, and decoded, while the builder takes in the oldest.
            while inFlight.count < BlockPipeline.blocksAhead, block < source.blockCount {
                inFlight.append((decoder.start(block: block, of: source, endsAmong: finder), block))
                block += 1
            }
            let (pending, index) = inFlight.removeFirst()
            var chunk = pending.take()
            if records == 0, chunk.bytes.count < source.totalBytes {
                // Records to come, judged from the first chunk's, with a tenth to spare.
                let perByte = Double(chunk.recordCount) / Double(max(chunk.bytes.count, 1))
                builder.reserveCapacity(records: Int(perByte * Double(source.totalBytes - chunk.bytes.count) * 1.1))
            }
            // The chunk's offsets count from its start, about where its block starts in the file.
            let fileEnd = source.totalBytes - index * source.blockSize
            builder.reserveRows(like: chunk, endingAt: chunk.bytes.count, fileEnd: fileEnd)
            try builder.add(&chunk, file: name, firstLine: firstLine)
            finder = chunk.nodeCount == 0 ? builder.endFinder : nil
            firstLine += chunk.lineEnds
            records += chunk.recordCount
            try progress?(source.bytesRead(throughBlock: index), source.totalBytes, records)
        }
        return GraphDocument(name: identity.name, about: identity.about, graph: try builder.build())
    }

    static func parse(_ bytes: [UInt8], _ range: Range<Int>?, _ fields: inout JSONFields) throws(GraphError)
        -> JSONValue
    {
        do {
            return try JSONParser.parse(bytes, in: range)
        } catch {
            throw GraphError(.syntax, error.message, at: fields.locator.location(at: error.offset))
        }
    }

    private static func header(
        _ value: JSONValue, expected: String, _ fields: inout JSONFields
    ) throws(GraphError) -> (name: String, about: String) {
        let formatValue = try fields.member("format", of: value, "the header")
        let format = try fields.string(formatValue, "the format name")
        guard format == expected else {
            throw fields.error(
                "this is not a \(expected) file (format is \(format.debugDescription))", at: formatValue,
                hint: format == documentFormat || format == linesFormat
                    ? "name the file .jsonl for \(linesFormat), .json for \(documentFormat)" : nil)
        }
        let versionValue = try fields.member("version", of: value, "the header")
        guard case .int(let found) = versionValue.content, found == version else {
            throw fields.error("unsupported version: this Kagami reads version \(version)", at: versionValue)
        }
        let name = try value["name"].map { v throws(GraphError) in try fields.string(v, "the data-set name") } ?? ""
        let about = try value["about"].map { v throws(GraphError) in try fields.string(v, "the description") } ?? ""
        return (name, about)
    }
}
