import IncidentGraph

/// Rows of a CSV or JSON Lines file added to a graph as nodes of one kind: `id=COLUMN` names
/// each node, `PROPERTY=COLUMN` fills a declared property, `LINK=COLUMN` links each node to the
/// node whose id is in the column (a single-valued link of the kind, such as an incident's
/// `target`). Every row is checked before anything is added; the first bad one is an error
/// naming its line, and the graph stays as it was.
public enum RowImport {
    /// How the columns map onto the kind.
    public struct Mapping: Sendable {
        /// The kind of the new nodes.
        public let kind: String
        /// The column holding each node's id.
        public let idColumn: String
        /// Property or link name → column.
        public let fields: [(name: String, column: String)]

        /// A mapping.
        public init(kind: String, idColumn: String, fields: [(name: String, column: String)]) {
            self.kind = kind
            self.idColumn = idColumn
            self.fields = fields
        }
    }

    /// What went wrong, with the file's line when a row is at fault.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// 1-based line of the file, when a row is at fault.
        public let line: Int?
        /// What is wrong.
        public let message: String
        /// The mapping's field at fault (`tss` of `tss=time`), when one is.
        public let field: String?

        init(line: Int?, message: String, field: String? = nil) {
            self.line = line
            self.message = message
            self.field = field
        }

        /// `line 4: …` or the message alone.
        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    /// What a field of a mapping fills: a property (its position in the kind) or a link (and
    /// the position of its edges' label).
    enum Target: Sendable {
        case property(Int)
        case link(LinkSchema, label: Int)
    }

    /// The position of the kind a mapping names and what each of its fields fills; an error
    /// when the schema has no such kind, property or single-valued link, or no `source` kind to
    /// cite the file by.
    private static func targets(of mapping: Mapping, in schema: Schema) throws(Problem)
        -> (position: Int, fields: [Target])
    {
        guard let kind = schema.kind(named: mapping.kind), let position = schema.kindPosition(of: kind.name) else {
            throw Problem(line: nil, message: "unknown node kind `\(mapping.kind)`")
        }
        guard let source = schema.kind(named: "source"),
            ["key", "title"].allSatisfy({ name in source.properties.contains { $0.name == name } })
        else {
            throw Problem(
                line: nil,
                message: "this data has no `source` kind (with `key` and `title`) for the new nodes to cite the file by"
            )
        }
        var fields: [Target] = []
        for field in mapping.fields {
            if let property = kind.properties.firstIndex(where: { $0.name == field.name }) {
                fields.append(.property(property))
            } else if let link = schema.links(of: kind.name).first(where: { $0.name == field.name && $0.isSingleValued }
            ),
                let label = schema.labelPosition(of: link.label)
            {
                fields.append(.link(link, label: label))
            } else {
                throw Problem(
                    line: nil, message: "`\(kind.name)` has no property or single link `\(field.name)`",
                    field: field.name)
            }
        }
        return (position, fields)
    }

    /// Checks a mapping against a schema before any file is read: a misspelt kind, property
    /// or link is refused at once.
    public static func check(_ mapping: Mapping, against schema: Schema) throws(Problem) {
        _ = try targets(of: mapping, in: schema)
    }

    /// The graph with the rows of the CSV or JSON Lines file at `path` added as nodes, each
    /// citing a `source` node for the file (`name`, as the analyst wrote it), with the provenance
    /// the analyst gave (`imported` unless they say otherwise); and how many rows were added.
    ///
    /// The file is read in blocks of whole lines (`blockSize` bytes) on worker threads while the
    /// builder takes in the blocks before them, and `progress` hears after each block (an error
    /// it throws stops the import); the first problem in the file, in line order, is the one
    /// reported.
    public static func adding(
        file path: String, named name: String, jsonLines: Bool, mapping: Mapping,
        origin: Provenance.Origin = .imported, status: Provenance.Status = .unconfirmed, to graph: IncidentGraph,
        blockSize: Int = BlockPipeline.blockSize, progress: GraphFile.Progress? = nil
    ) throws(Problem) -> (graph: IncidentGraph, rows: Int) {
        let (kindPosition, fieldTargets) = try targets(of: mapping, in: graph.schema)
        let file: FileChunks
        do {
            file = try FileChunks(path: path, blockSize: blockSize)
        } catch {
            throw Problem(line: nil, message: "cannot be read")
        }
        var builder = GraphBuilder(adding: graph)
        let source = try citing(name, in: graph, &builder)
        let cited = Provenance(origin: origin, sources: [source], status: status)
        let columns = [mapping.idColumn] + mapping.fields.map(\.column)
        var layout = NodeRows.Layout.jsonLines
        // A byte order mark (as spreadsheets write before CSV) is passed over, as text is read.
        var start = (offset: NodeRows.byteOrderMark(of: file), line: 1)
        if !jsonLines {
            let header: [String]
            (header, start) = try csvHeader(of: file)
            layout = .csv(
                columns: try columns.map { column throws(Problem) in try position(of: column, in: header) },
                width: header.count)
        }
        let rows = NodeRows(
            file: name, schema: graph.schema, kindPosition: kindPosition, idColumn: mapping.idColumn,
            columnNames: columns, targets: fieldTargets, provenance: cited, layout: layout)
        var reading = BlockReading(file: file, decoder: rows, start: start, progress: progress)
        do throws(GraphError) {
            try reading.add(to: &builder)
        } catch {
            // A column no row has is named before the first bad row (a file that cannot be
            // read, or is not text, is refused for that first; a stopped import stops at once).
            if jsonLines, error.location != nil, columns.contains(where: { !reading.keys.contains($0) }) {
                let keys = NodeRows.keys(of: file)
                if let missing = columns.first(where: { !keys.contains($0) }) {
                    throw Problem(line: nil, message: noColumn(missing, keys))
                }
            }
            throw Problem(line: error.location?.line, message: error.message)
        }
        if let missing = columns.first(where: { !reading.keys.contains($0) }), jsonLines {
            throw Problem(line: nil, message: noColumn(missing, reading.keys))
        }
        do {
            return (try builder.build(), reading.added)
        } catch {
            throw Problem(line: error.location?.line, message: error.message)
        }
    }

    /// The id of the `source` node the rows of file `name` cite, added to `builder` unless the
    /// graph has it (from an import of the file before).
    private static func citing(_ name: String, in graph: IncidentGraph, _ builder: inout GraphBuilder) throws(Problem)
        -> String
    {
        let source =
            "import-"
            + String(name.split(separator: "/").last ?? "file").lowercased()
            .map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce("") { $0 + String($1) }
        do {
            if graph.node(id: source) == nil {
                try builder.addNode(
                    id: source, kind: "source",
                    properties: ["key": .string("import"), "title": .string("rows imported from \(name)")],
                    provenance: Provenance(origin: .imported, sources: [source], status: .unconfirmed))
            }
        } catch {
            throw Problem(line: nil, message: error.description)
        }
        return source
    }

    /// The header of a CSV file (its first record) and where its rows start: the offset in the
    /// file's first block (or past it, when the header runs on past it) and the line.
    private static func csvHeader(of file: FileChunks) throws(Problem) -> (
        header: [String], start: (offset: Int, line: Int)
    ) {
        let bytes = try contents(of: file, block: 0)
        do throws(TabularFile.Problem) {
            return try header(in: bytes)
        } catch let error where error.quoteLeftOpen && bytes.count < file.totalBytes {
            // A quoted name over lines runs on past the first block: the whole file is read.
            let whole = try contents(of: file, block: nil)
            do throws(TabularFile.Problem) {
                return try header(in: whole)
            } catch {
                throw Problem(line: error.line, message: error.message)
            }
        } catch {
            throw Problem(line: error.line, message: error.message)
        }
    }

    private static func header(in bytes: [UInt8]) throws(TabularFile.Problem) -> (
        header: [String], start: (offset: Int, line: Int)
    ) {
        var header: [String]?
        let end = try bytes.withUnsafeBufferPointer { buffer throws(TabularFile.Problem) in
            try CSVRecords.read(buffer, from: NodeRows.byteOrderMark(in: bytes)) {
                (_, record) throws(TabularFile.Problem) in
                header = try TabularFile.header(record)
                return false
            }
        }
        guard let header else {
            throw TabularFile.Problem(line: 1, message: "the file is empty; a header line is needed")
        }
        return (header, (end.position, end.line))
    }

    /// The bytes of a block of a file, or of the whole file, checked to be text.
    private static func contents(of file: FileChunks, block: Int?) throws(Problem) -> [UInt8] {
        let bytes: [UInt8]
        do throws(GraphError) {
            if let block { bytes = try file.lines(inBlock: block) } else { bytes = try file.bytes(0..<file.totalBytes) }
        } catch {
            throw Problem(line: nil, message: "cannot be read")
        }
        guard NodeRows.isText(bytes) else { throw Problem(line: nil, message: "is not UTF-8 text") }
        return bytes
    }

    /// A column's position in a CSV header.
    private static func position(of column: String, in header: [String]) throws(Problem) -> Int {
        guard let position = header.firstIndex(of: column) else {
            throw Problem(line: nil, message: noColumn(column, header))
        }
        return position
    }

    private static func noColumn(_ column: String, _ columns: [String]) -> String {
        "the file has no column `\(column)` (columns: \(columns.joined(separator: ", ")))"
    }
}
