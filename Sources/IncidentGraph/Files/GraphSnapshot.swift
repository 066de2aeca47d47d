import Foundation

/// A graph stored as it lies in memory (`.kgs`): columns, ids, adjacency and time indexes
/// written as arrays and read back with one read and a copy per array — no parsing, no
/// index building. Versioned and checksummed: a snapshot from another version, truncated or
/// damaged is refused with the reason, never read into wrong answers.
///
/// Layout: `KGSNAP01` · format version (UInt32) · payload length (UInt64) · payload checksum
/// (UInt64, ``SnapshotChecksum``) · producer (the Kagami version that wrote it) · payload.
public enum GraphSnapshot {
    /// The version of the layout this build reads and writes.
    public static let formatVersion: UInt32 = 1
    /// The file extension.
    public static let fileExtension = "kgs"
    static let magic = Array("KGSNAP01".utf8)

    /// Why a snapshot was not read.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not a snapshot file at all.
        case notASnapshot
        /// Written by another layout version or another Kagami.
        case otherVersion(String)
        /// Shorter than its header says, or its checksum does not match: damaged.
        case damaged(String)
        /// Could not be read from disk.
        case unreadable(String)

        /// What happened, in a sentence.
        public var description: String {
            switch self {
            case .notASnapshot: "not a Kagami snapshot"
            case .otherVersion(let which): "written by \(which)"
            case .damaged(let how): "damaged (\(how))"
            case .unreadable(let why): "unreadable (\(why))"
            }
        }
    }

    /// The snapshot of a document, written by `producer` (the Kagami version).
    public static func encode(_ document: GraphDocument, producer: String) -> [UInt8] {
        let (header, payload) = parts(of: document, producer: producer)
        return header + payload
    }

    /// The magic, the header and the payload, kept apart so that the payload is not copied.
    private static func parts(of document: GraphDocument, producer: String) -> (header: [UInt8], payload: [UInt8]) {
        var payload = SnapshotWriter()
        encode(document, into: &payload)
        let checksum = payload.bytes.withUnsafeBytes(SnapshotChecksum.of)
        return (header(payloadLength: payload.bytes.count, checksum: checksum, producer: producer), payload.bytes)
    }

    /// The payload: the document's name and description, then its graph.
    private static func encode(_ document: GraphDocument, into payload: inout SnapshotWriter) {
        payload.append(document.name)
        payload.append(document.about)
        document.graph.encode(into: &payload)
    }

    /// The magic and the header of a payload (of the same length whatever the numbers).
    private static func header(payloadLength: Int, checksum: UInt64, producer: String) -> [UInt8] {
        var header = SnapshotWriter()
        header.append(UInt32(formatVersion))
        header.append(UInt64(payloadLength))
        header.append(checksum)
        header.append(producer)
        return magic + header.bytes
    }

    /// The document in a snapshot written by `producer`.
    public static func decode(_ bytes: [UInt8], producer: String) throws(Problem) -> GraphDocument {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(Problem) in try decode(raw, producer: producer) }
        }
        return try result.get()
    }

    /// The document in snapshot bytes written by `producer`; `mapped` when they are a mapped
    /// file, whose pages are given back as they are read.
    static func decode(_ raw: UnsafeRawBufferPointer, producer: String, mapped: Bool = false) throws(Problem)
        -> GraphDocument
    {
        guard raw.count >= magic.count + 4, Array(raw.prefix(magic.count)) == magic else { throw .notASnapshot }
        let result: Result<GraphDocument, Problem> = {
            var header = SnapshotReader(raw, from: magic.count)
            do {
                let version = try header.read(UInt32.self)
                guard version == formatVersion else {
                    return .failure(.otherVersion("snapshot layout \(version); this Kagami reads \(formatVersion)"))
                }
                let length = try header.read(UInt64.self)
                let checksum = try header.read(UInt64.self)
                let writer = try header.readString()
                guard writer == producer else { return .failure(.otherVersion("Kagami \(writer), not \(producer)")) }
                guard length == UInt64(raw.count - header.position) else {
                    return .failure(.damaged("\(raw.count - header.position) bytes of payload, \(length) expected"))
                }
                let payload = UnsafeRawBufferPointer(rebasing: raw[header.position...])
                guard SnapshotChecksum.of(payload) == checksum else { return .failure(.damaged("checksum mismatch")) }
                var reader = SnapshotReader(payload, releasingPages: mapped)
                let name = try reader.readString()
                let about = try reader.readString()
                let graph = try IncidentGraph(decoding: &reader)
                guard reader.isAtEnd else { return .failure(.damaged("bytes after the graph")) }
                return .success(GraphDocument(name: name, about: about, graph: graph))
            } catch {
                return .failure(.damaged("inconsistent contents"))
            }
        }()
        return try result.get()
    }

    /// Writes a snapshot atomically, its payload as it is made (a few megabytes held at a time,
    /// not the whole snapshot), then its header with the payload's length and checksum.
    public static func write(_ document: GraphDocument, to path: String, producer: String) throws(GraphError) {
        let file = try AtomicFileWriter(path: path)
        try file.write(header(payloadLength: 0, checksum: 0, producer: producer))
        var checksum = SnapshotChecksum()
        var failure: GraphError?
        var payload = SnapshotWriter { bytes in
            guard failure == nil else { return }
            checksum.add(bytes)
            do throws(GraphError) { try file.write(bytes) } catch { failure = error }
        }
        encode(document, into: &payload)
        payload.finish()
        if let failure { throw failure }
        try file.write(header(payloadLength: payload.count, checksum: checksum.value, producer: producer), at: 0)
        try file.commit()
    }

    /// Reads a snapshot file, mapped into memory rather than copied: its arrays are copied
    /// once, from the page cache into the graph.
    public static func read(path: String, producer: String) throws(Problem) -> GraphDocument {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable("not a regular file")
        }
        let size = Int(status.st_size)
        guard size > 0 else { throw .notASnapshot }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw .unreadable(String(cString: strerror(errno)))
        }
        defer { munmap(mapped, size) }
        return try decode(UnsafeRawBufferPointer(start: mapped, count: size), producer: producer, mapped: true)
    }

    /// Whether a file starts as a snapshot does.
    public static func isSnapshot(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.count)).map { Array($0) == magic } ?? false
    }
}

extension IncidentGraph {
    /// Writes every part of the graph, indexes included.
    func encode(into writer: inout SnapshotWriter) {
        writer.append(JSONText.schema(schema))
        // One table of distinct provenances for the whole file, each column's numbers renumbered.
        var all = ProvenanceColumn()
        let tableProvenance = tables.map { all.renumbering($0.provenance) }
        let edgeProvenanceNumbers = all.renumbering(edgeProvenance)
        writer.append(UInt64(all.distinct.count))
        for provenance in all.distinct {
            writer.append(provenance.origin.rawValue)
            writer.append(provenance.status?.rawValue ?? "")
            writer.append(strings: provenance.sources)
        }
        for (table, numbers) in zip(tables, tableProvenance) {
            writer.append(array: table.nodes)
            writer.append(array: numbers)
            for column in table.columns {
                switch column.type {
                case .bool: writer.append(optionals: column.bools.map { $0.map { UInt8($0 ? 1 : 0) } })
                case .int, .instant, .date, .duration:
                    writer.append(array: column.integers.present)
                    writer.append(array: column.integers.numbers)
                case .double: writer.append(optionals: column.doubles.map { $0?.bitPattern })
                case .string, .node: writer.append(strings: column.strings)
                case .list:
                    writer.append(UInt64(column.lists.count))
                    for list in column.lists { writer.append(list.map(Value.list) ?? .null) }
                }
            }
        }
        writer.append(array: kindOfNode)
        writer.append(array: rowOfNode)
        writer.append(strings: ids)
        writer.append(array: edgeFrom)
        writer.append(array: edgeTo)
        writer.append(array: edgeLabel)
        writer.append(array: edgeProvenanceNumbers)
        writer.append(UInt64(edgeProperties.count))
        for (edge, properties) in edgeProperties.sorted(by: { $0.key < $1.key }) {
            writer.append(edge)
            writer.append(UInt64(properties.count))
            for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
                writer.append(name)
                writer.append(value)
            }
        }
        for adjacency in [outgoing, incoming] {
            writer.append(array: adjacency.offsets)
            writer.append(array: adjacency.entries)
        }
        writer.append(UInt64(timeIndexes.count))
        for (kind, index) in timeIndexes.sorted(by: { $0.key < $1.key }) {
            writer.append(UInt64(kind))
            writer.append(array: index.rows)
            writer.append(array: index.times)
        }
    }

    /// Reads what ``encode(into:)`` wrote, checking that the parts fit together (counts,
    /// node and edge numbers in range), so that a damaged snapshot is an error, not a crash.
    init(decoding reader: inout SnapshotReader) throws(SnapshotReader.Damaged) {
        let schemaText = try reader.readString()
        guard let schemaValue = try? JSONParser.parse(Array(schemaText.utf8)) else { throw .init() }
        var fields = JSONFields(locator: Locator(file: "snapshot", bytes: Array(schemaText.utf8)))
        guard let schema = try? fields.schema(schemaValue) else { throw .init() }
        var distinct: [Provenance] = []
        for _ in 0..<(try reader.readCount()) {
            guard let origin = Provenance.Origin(rawValue: try reader.readString()) else { throw .init() }
            let statusText = try reader.readString()
            let status = statusText.isEmpty ? nil : Provenance.Status(rawValue: statusText)
            let sources = try reader.readStrings().compactMap { $0 }
            distinct.append(Provenance(origin: origin, sources: sources, status: status))
        }
        func provenance(_ numbers: [UInt32]) throws(SnapshotReader.Damaged) -> ProvenanceColumn {
            guard let column = ProvenanceColumn(numbers: numbers, distinct: distinct) else { throw .init() }
            return column
        }
        var tables: [KindTable] = []
        for kind in schema.kinds {
            let nodes = try reader.readArray(Int32.self)
            let rowProvenance = try provenance(try reader.readArray(UInt32.self))
            guard rowProvenance.count == nodes.count else { throw .init() }
            var columns: [Column] = []
            for property in kind.properties {
                let column: Column
                switch property.type {
                case .bool:
                    column = Column(type: .bool, bools: try reader.readOptionals(UInt8.self).map { $0.map { $0 != 0 } })
                case .int, .instant, .date, .duration:
                    let present = try reader.readArray(UInt8.self)
                    let numbers = try reader.readArray(Int64.self)
                    // Each presence is 1 or 0, as the builder writes it: scans read it as a number.
                    guard present.count == numbers.count, present.allSatisfy({ $0 <= 1 }) else { throw .init() }
                    column = Column(type: property.type, integers: IntegerValues(numbers: numbers, present: present))
                case .double:
                    column = Column(
                        type: .double,
                        doubles: try reader.readOptionals(UInt64.self).map { $0.map(Double.init(bitPattern:)) })
                case .string, .node: column = Column(type: property.type, strings: try reader.readStrings())
                case .list:
                    var lists: [[Value]?] = []
                    for _ in 0..<(try reader.readCount()) {
                        switch try reader.readValue() {
                        case .list(let elements): lists.append(elements)
                        case .null: lists.append(nil)
                        default: throw .init()
                        }
                    }
                    column = Column(type: .list, lists: lists)
                }
                guard column.count == nodes.count else { throw .init() }
                columns.append(column)
            }
            tables.append(KindTable(kind: kind, nodes: nodes, columns: columns, provenance: rowProvenance))
        }
        let kindOfNode = try reader.readArray(Int16.self)
        let rowOfNode = try reader.readArray(Int32.self)
        let ids = try reader.readStrings().map { $0 ?? "" }
        let nodeCount = ids.count
        guard kindOfNode.count == nodeCount, rowOfNode.count == nodeCount,
            zip(kindOfNode, rowOfNode).allSatisfy({ kind, row in
                kind >= 0 && Int(kind) < tables.count && row >= 0 && Int(row) < tables[Int(kind)].nodes.count
            }),
            tables.enumerated().allSatisfy({ kind, table in
                table.nodes.enumerated().allSatisfy { row, node in
                    node >= 0 && Int(node) < nodeCount && Int(kindOfNode[Int(node)]) == kind
                        && Int(rowOfNode[Int(node)]) == row
                }
            })
        else { throw .init() }
        let edgeFrom = try reader.readArray(Int32.self)
        let edgeTo = try reader.readArray(Int32.self)
        let edgeLabel = try reader.readArray(Int32.self)
        let edgeProvenance = try provenance(try reader.readArray(UInt32.self))
        let edgeCount = edgeFrom.count
        guard edgeTo.count == edgeCount, edgeLabel.count == edgeCount, edgeProvenance.count == edgeCount,
            (edgeFrom + edgeTo).allSatisfy({ $0 >= 0 && Int($0) < nodeCount }),
            edgeLabel.allSatisfy({ $0 >= 0 && Int($0) < schema.edgeLabels.count })
        else { throw .init() }
        var edgeProperties: [Int32: [String: Value]] = [:]
        for _ in 0..<(try reader.readCount()) {
            let edge = try reader.read(Int32.self)
            guard edge >= 0, Int(edge) < edgeCount else { throw .init() }
            var properties: [String: Value] = [:]
            for _ in 0..<(try reader.readCount()) { properties[try reader.readString()] = try reader.readValue() }
            edgeProperties[edge] = properties
        }
        var adjacencies: [Adjacency] = []
        for _ in 0..<2 {
            let offsets = try reader.readArray(Int32.self)
            let entries = try reader.readArray(Int32.self)
            guard offsets.count == nodeCount + 1, entries.count == edgeCount, offsets.first == 0,
                offsets.last.map({ Int($0) == edgeCount }) == true,
                zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }),
                entries.allSatisfy({ $0 >= 0 && Int($0) < edgeCount })
            else { throw .init() }
            adjacencies.append(Adjacency(offsets: offsets, entries: entries))
        }
        var timeIndexes: [Int: TimeIndex] = [:]
        for _ in 0..<(try reader.readCount()) {
            let number = try reader.read(UInt64.self)
            guard number < UInt64(tables.count) else { throw .init() }
            let kind = Int(number)
            let rows = try reader.readArray(Int32.self)
            let times = try reader.readArray(Int64.self)
            guard kind < tables.count, rows.count == times.count,
                rows.allSatisfy({ $0 >= 0 && Int($0) < tables[kind].nodes.count })
            else { throw .init() }
            timeIndexes[kind] = TimeIndex(rows: rows, times: times)
        }
        self.init(
            schema: schema, tables: tables, kindOfNode: kindOfNode, rowOfNode: rowOfNode, ids: ids,
            edgeFrom: edgeFrom, edgeTo: edgeTo, edgeLabel: edgeLabel, edgeProperties: edgeProperties,
            edgeProvenance: edgeProvenance, outgoing: adjacencies[0], incoming: adjacencies[1],
            timeIndexes: timeIndexes)
    }
}

extension GraphSnapshot {
    /// What a file holds, as a name for its cached snapshot: a digest of its whole content
    /// and its size (`3f2a…-512550312`). The file is mapped, not read into memory.
    public static func contentKey(ofFile path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        guard size > 0 else { return "0-0" }
        // Read a few megabytes at a time, not mapped: a mapped file's pages would count as
        // this process's memory while a snapshot is read beside it.
        var checksum = SnapshotChecksum()
        var chunk = [UInt8](repeating: 0, count: 1 << 22)
        var offset = 0
        while offset < size {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { return nil }  // shorter than it said, or unreadable
            chunk.withUnsafeBytes { checksum.add(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            offset += count
        }
        return String(checksum.value, radix: 16) + "-" + String(size)
    }
}
