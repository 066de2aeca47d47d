/// Writes a graph file record by record, so that a graph larger than memory can be written.
///
/// For a JSON document all nodes must be written before ``beginEdges()``; JSON Lines allows
/// any order, and readers check each edge when both its ends are known.
public struct GraphStreamWriter {
    private let format: GraphFormat
    private let emit: (String) -> Void
    private var recordsInSection = 0
    private var inEdges = false
    private var buffer = JSONBytes()
    /// Bytes gathered before they are handed to `emit`.
    private static let chunkSize = 1 << 20

    /// Starts a file: writes its header (format, version, name, description, schema).
    public init(format: GraphFormat, name: String, about: String, schema: Schema, emit: @escaping (String) -> Void) {
        self.format = format
        self.emit = emit
        let identity =
            "\"version\": \(GraphFile.version), \"name\": \(JSONText.quote(name)), \"about\": \(JSONText.quote(about))"
        switch format {
        case .json:
            emit(
                "{\"format\": \"\(GraphFile.documentFormat)\", \(identity),\n\"schema\": \(JSONText.schema(schema)),\n\"nodes\": [\n"
            )
        case .jsonl:
            let schemaLine = JSONText.schema(schema).split(separator: "\n").map { $0.drop(while: { $0 == " " }) }
                .joined()
            emit("{\"format\": \"\(GraphFile.linesFormat)\", \(identity), \"schema\": \(schemaLine)}\n")
        }
    }

    /// Writes a node.
    public mutating func write(_ node: NodeRecord) {
        separateRecord()
        buffer.append(node)
        endRecord()
    }

    /// Writes an edge.
    public mutating func write(_ edge: EdgeRecord) {
        separateRecord()
        buffer.append(edge)
        endRecord()
    }

    /// Ends the nodes of a JSON document; edges follow. Does nothing for JSON Lines.
    public mutating func beginEdges() {
        guard format == .json, !inEdges else { return }
        buffer.append(recordsInSection == 0 ? "],\n\"edges\": [\n" : "\n],\n\"edges\": [\n")
        inEdges = true
        recordsInSection = 0
    }

    /// Ends the file and hands over what is left.
    public mutating func finish() {
        if format == .json {
            beginEdges()
            buffer.append(recordsInSection == 0 ? "]}\n" : "\n]}\n")
        }
        flush()
    }

    private mutating func separateRecord() {
        if format == .json, recordsInSection > 0 { buffer.append(",\n") }
    }

    private mutating func endRecord() {
        if format == .jsonl { buffer.append("\n") }
        recordsInSection += 1
        if buffer.bytes.count >= Self.chunkSize { flush() }
    }

    private mutating func flush() {
        guard !buffer.bytes.isEmpty else { return }
        emit(String(decoding: buffer.bytes, as: UTF8.self))
        buffer.removeAll()
    }
}
