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

    /// What a field of a mapping fills: a property (its position in the kind) or a link.
    private enum Target {
        case property(Int)
        case link(LinkSchema)
    }

    /// The kind a mapping names and what each of its fields fills; an error when the schema
    /// has no such kind, property or single-valued link, or no `source` kind to cite the file by.
    private static func targets(of mapping: Mapping, in schema: Schema) throws(Problem)
        -> (kind: KindSchema, position: Int, fields: [Target])
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
            ) {
                fields.append(.link(link))
            } else {
                throw Problem(
                    line: nil, message: "`\(kind.name)` has no property or single link `\(field.name)`",
                    field: field.name)
            }
        }
        return (kind, position, fields)
    }

    /// Checks a mapping against a schema before any file is read: a misspelt kind, property
    /// or link is refused at once.
    public static func check(_ mapping: Mapping, against schema: Schema) throws(Problem) {
        _ = try targets(of: mapping, in: schema)
    }

    /// The graph with the rows added, each citing a `source` node for the file, with the
    /// provenance the analyst gave (`imported` unless they say otherwise).
    public static func adding(
        _ table: TabularFile, mapping: Mapping, file: String, origin: Provenance.Origin = .imported,
        status: Provenance.Status = .unconfirmed, to graph: IncidentGraph
    ) throws(Problem) -> IncidentGraph {
        let schema = graph.schema
        let (kind, kindPosition, targets) = try targets(of: mapping, in: schema)
        func column(_ name: String) throws(Problem) -> Int {
            guard let position = table.columns.firstIndex(of: name) else {
                throw Problem(
                    line: nil,
                    message: "the file has no column `\(name)` (columns: \(table.columns.joined(separator: ", ")))")
            }
            return position
        }
        let idColumn = try column(mapping.idColumn)
        var properties: [(position: Int, column: Int)] = []
        var links: [(link: LinkSchema, column: Int)] = []
        for (field, target) in zip(mapping.fields, targets) {
            switch target {
            case .property(let property): properties.append((property, try column(field.column)))
            case .link(let link): links.append((link, try column(field.column)))
            }
        }
        var builder = GraphBuilder(adding: graph)
        builder.reserveCapacity(nodes: table.rows.count, ofKind: kindPosition, edges: table.rows.count * links.count)
        let source =
            "import-"
            + String(file.split(separator: "/").last ?? "file").lowercased()
            .map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce("") { $0 + String($1) }
        let cited = Provenance(origin: origin, sources: [source], status: status)
        do {
            if graph.node(id: source) == nil {
                try builder.addNode(
                    id: source, kind: "source",
                    properties: ["key": .string("import"), "title": .string("rows imported from \(file)")],
                    provenance: Provenance(origin: .imported, sources: [source], status: .unconfirmed))
            }
        } catch {
            throw Problem(line: nil, message: error.description)
        }
        for (row, line) in zip(table.rows, table.lines) {
            guard case .string(let id) = row[idColumn] else {
                throw Problem(
                    line: line,
                    message: "`\(mapping.idColumn)` must hold the node's id, found \(row[idColumn].displayText)")
            }
            do {
                var values = [Value](repeating: .null, count: kind.properties.count)
                for (property, column) in properties { values[property] = row[column] }
                try builder.addNode(id: id, kindPosition: kindPosition, values: values, provenance: cited)
                for (link, position) in links where !row[position].isNull {
                    let other = row[position].displayText
                    let (from, to) = link.direction == .out ? (id, other) : (other, id)
                    try builder.addEdge(from: from, to: to, label: link.label, provenance: cited)
                }
            } catch {
                throw Problem(line: line, message: error.message)
            }
        }
        do {
            return try builder.build()
        } catch {
            throw Problem(line: nil, message: error.description)
        }
    }
}
