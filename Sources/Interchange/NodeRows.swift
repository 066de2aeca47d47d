import Foundation
import IncidentGraph

/// Reads blocks of a CSV or JSON Lines file as nodes of one kind, on worker threads: each row's
/// mapped cells typed as they look (as ``TabularFile`` types them), checked against the kind's
/// properties and laid out in a chunk the graph builder takes in whole
/// (``GraphBuilder/add(_:file:firstLine:)``), which numbers the nodes and finds the links' ends.
/// Only the mapped cells of a row are typed, and no row is kept as an array of values.
struct NodeRows: Sendable {
    /// How the file's rows lay out their cells.
    enum Layout: Sendable {
        /// CSV rows whose mapped columns are at these positions (the header read already).
        case csv(columns: [Int], width: Int)
        /// JSON Lines: each line's keys are matched with the mapped columns' names.
        case jsonLines
    }

    /// A block's rows as a chunk, and what the import needs to know of the block.
    struct Block: Sendable {
        var chunk: DecodedChunk
        /// A CSV block that ends inside a quoted field: the block was cut inside a record, so
        /// the rest of the file is read again from the block's start, as one block.
        var cutInsideQuotes = false
        /// The keys of the JSON Lines rows read, in order of first appearance.
        var keys: [String] = []
    }

    /// The file's name, for messages.
    let file: String
    let schema: Schema
    let kindPosition: Int
    let idColumn: String
    /// The mapped columns' names: the id's first, then each field's.
    let columnNames: [String]
    /// What each field after the id fills.
    let targets: [RowImport.Target]
    let provenance: Provenance
    let layout: Layout

    /// The rows of `bytes` from `start` (which is on line `line` of the block, counted from 1);
    /// `last` when no block comes after it. The chunk stops at the block's first problem.
    func decode(_ bytes: [UInt8], from start: Int, line: Int, last: Bool) -> Block {
        var block = Block(chunk: DecodedChunk(schema: schema, bytes: bytes))
        block.chunk.lineEndsAtCR = true
        guard Self.isText(bytes) else {
            block.chunk.error = GraphError(.format, "is not UTF-8 text")
            return block
        }
        // About a row a line: the chunk's columns are made their size once, not grown by doubling.
        block.chunk.reserveCapacity(nodes: Self.lineFeeds(in: bytes) + 1, ofKind: kindPosition)
        var reader = RowReader(rows: self)
        var locator = Locator(file: file, bytes: bytes, lineEndsAtCR: true)
        bytes.withUnsafeBufferPointer { buffer in
            switch layout {
            case .csv(let columns, let width):
                reader.readCSV(
                    buffer, from: start, line: line, columns: columns, width: width, last: last, locator: &locator,
                    into: &block)
            case .jsonLines:
                reader.readJSONLines(buffer, from: start, line: line, locator: &locator, into: &block)
            }
        }
        return block
    }

    /// How many LF bytes there are in `bytes`, counted eight at a time.
    static func lineFeeds(in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            let (low, high) = (UInt64(0x7F7F_7F7F_7F7F_7F7F), UInt64(0x0A0A_0A0A_0A0A_0A0A))
            var count = 0
            var offset = 0
            while offset + 8 <= raw.count {
                // The high bit of each byte that is LF: no carry crosses a byte.
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ high
                count += (~(((word & low) &+ low) | word | low)).nonzeroBitCount
                offset += 8
            }
            for index in offset..<raw.count where raw[index] == 0x0A { count += 1 }
            return count
        }
    }

    /// The length of the UTF-8 byte order mark that `bytes` start with: 3, or 0 when they start
    /// without one.
    static func byteOrderMark(in bytes: some Collection<UInt8>) -> Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The length of the byte order mark a file starts with (0 when it cannot be read).
    static func byteOrderMark(of file: FileChunks) -> Int {
        byteOrderMark(in: (try? file.bytes(0..<min(3, file.totalBytes))) ?? [])
    }

    /// Whether bytes are UTF-8 text without NUL bytes (ASCII is checked eight bytes at a time).
    static func isText(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return true }  // no bytes
            guard memchr(base, 0, raw.count) == nil else { return false }
            var offset = 0
            var highBits: UInt64 = 0
            while offset + 8 <= raw.count {
                highBits |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            for index in offset..<raw.count { highBits |= UInt64(raw[index]) }
            return highBits & 0x8080_8080_8080_8080 == 0
                || String(
                    validating: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: raw.count),
                    as: UTF8.self)
                    != nil
        }
    }
}

/// A mapped cell of a row, typed as it looks: a value, or text that is the bytes `range` of the
/// block as they stand (checked UTF-8), made a string only when the row is stored (and a link's
/// end read in place).
private enum Cell {
    case value(Value)
    case text(Range<Int>)

    static let null = Cell.value(.null)

    var isNull: Bool {
        if case .value(let value) = self { value.isNull } else { false }
    }
}

/// Reads one block's rows into its chunk.
private struct RowReader {
    let rows: NodeRows
    /// The kind's properties, and the import's fields, read once for the block's rows. A row
    /// reads only plain values of its own block's reader: counting references to an array or
    /// a text the other worker counts too would make the two cores wait on each other row by row.
    private let properties: [PropertySchema]
    /// Each property's declared type.
    private let types: [ValueType]
    /// The property each field fills (-1 for a link).
    private let fieldProperties: [Int]
    /// The mapped cell that fills each property (-1: none; the last field when several do).
    private let propertyCells: [Int]
    /// The links the fields fill: the field, the edge's label and whether the row's node is
    /// the edge's start.
    private let fieldLinks: [(field: Int, label: Int, outward: Bool)]
    /// The provenance of every row, a copy of the import's own.
    private let provenance: Provenance
    /// The mapped cells of the row being read, by mapped column.
    private var cells: [Cell]
    /// For each mapped column, its texts read so far, shared among equal ones.
    private var texts: [TextInterner]
    /// For JSON Lines: the shape (``FlatRecord/shape``) whose keys `members` was worked out for,
    /// and the member of each mapped column (the last with its name), -1 for none.
    private var shape: Int?
    private var members: [Int] = []

    init(rows: NodeRows) {
        self.rows = rows
        properties = rows.schema.kinds[rows.kindPosition].properties
        types = properties.map(\.type)
        fieldProperties = rows.targets.map { if case .property(let position) = $0 { position } else { -1 } }
        var propertyCells = [Int](repeating: -1, count: types.count)
        for (field, position) in fieldProperties.enumerated() where position >= 0 {
            propertyCells[position] = field + 1
        }
        self.propertyCells = propertyCells
        fieldLinks = rows.targets.enumerated().compactMap { field, target in
            guard case .link(let link, let label) = target else { return nil }
            return (field, label, link.direction == .out)
        }
        // The sources in an array of the reader's own (`map` makes a new one).
        provenance = Provenance(
            origin: rows.provenance.origin, sources: rows.provenance.sources.map { $0 }, status: rows.provenance.status)
        cells = Array(repeating: .null, count: rows.columnNames.count)
        texts = Array(repeating: TextInterner(), count: rows.columnNames.count)
    }

    /// A mapped cell's text, shared with equal texts of its column.
    private mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, cell: Int) -> String {
        texts[cell].text(UnsafeRawBufferPointer(bytes))
    }

    /// Reads the CSV records of `bytes` from `start` (on line `line` of the block) into the
    /// block's chunk; a block that is not the last and ends inside a quoted field is marked so.
    mutating func readCSV(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, columns: [Int], width: Int, last: Bool,
        locator: inout Locator, into block: inout NodeRows.Block
    ) {
        var stop: GraphError?
        do throws(TabularFile.Problem) {
            let end = try CSVRecords.read(bytes, from: start, line: line) {
                (line, record) throws(TabularFile.Problem) in
                guard record.count == width else {
                    throw TabularFile.Problem(
                        line: line, message: "\(record.count) fields where the header has \(width)")
                }
                for (cell, column) in columns.enumerated() {
                    let field = record.bytes(column)
                    switch (TabularFile.typed(field), record.range(column)) {
                    case (.value(let value), _): cells[cell] = .value(value)
                    case (.text, let range?): cells[cell] = .text(range)
                    case (.text, nil): cells[cell] = .value(.string(text(field, cell: cell)))
                    }
                }
                do throws(GraphError) {
                    try addRow(
                        line: line, offset: record.offset, bytes: bytes, locator: &locator, into: &block.chunk)
                    return true
                } catch {
                    stop = error
                    return false
                }
            }
            block.chunk.lineEnds = end.line - 1
        } catch {
            if error.quoteLeftOpen, !last {
                block.cutInsideQuotes = true
                return
            }
            stop = GraphError(.invalid, error.message, at: location(line: error.line))
        }
        block.chunk.error = stop
    }

    /// Reads the JSON Lines rows of `bytes` from `start` (on line `line` of the block) into the
    /// block's chunk, noting the keys they have.
    mutating func readJSONLines(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, locator: inout Locator,
        into block: inout NodeRows.Block
    ) {
        var flat = FlatRecord()
        do throws(GraphError) {
            let lines = try TabularFile.forEachLine(of: bytes, from: start) { (number, range) throws(GraphError) in
                let line = line + number - 1
                if flat.scan(bytes, range), takeCells(of: flat, bytes, keys: &block.keys) {
                    try addRow(
                        line: line, offset: range.lowerBound, bytes: bytes, locator: &locator, into: &block.chunk)
                    return
                }
                try takeCells(parsing: range, of: bytes, line: line, keys: &block.keys)
                try addRow(
                    line: line, offset: range.lowerBound, bytes: bytes, locator: &locator, into: &block.chunk)
            }
            block.chunk.lineEnds = line - 1 + lines
        } catch {
            block.chunk.error = error
        }
    }

    /// Takes the mapped cells of a flat line; false when a member needs the JSON parser (a
    /// decimal out of range), as ``TabularFile`` reads such a line.
    private mutating func takeCells(
        of record: borrowing FlatRecord, _ bytes: UnsafeBufferPointer<UInt8>, keys: inout [String]
    ) -> Bool {
        if record.shape != shape {
            let names = record.members.map { String(decoding: bytes[$0.key], as: UTF8.self) }
            keys.appendNew(names)
            members = rows.columnNames.map { column in names.lastIndex(of: column) ?? -1 }
            shape = record.shape
        }
        // A member the parser must read, mapped or not, sends the whole line to it, as there.
        for member in record.members {
            if case .decimal = member.token, TabularFile.value(of: member, in: bytes) == nil { return false }
        }
        for (cell, index) in members.enumerated() {
            guard index >= 0 else {
                cells[cell] = .null
                continue
            }
            let member = record.members[index]
            switch TabularFile.typed(member, in: bytes) {
            case .value(let value): cells[cell] = .value(value)
            case .text: cells[cell] = .text(member.value)
            case nil: return false
            }
        }
        return true
    }

    /// Takes the mapped cells of a line the JSON parser reads (one that is not flat, or any
    /// error), as ``TabularFile`` reads it.
    private mutating func takeCells(
        parsing range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>, line: Int, keys: inout [String]
    ) throws(GraphError) {
        let parsed: JSONValue
        do throws(JSONParser.SyntaxError) {
            parsed = try JSONParser.parse(Array(bytes[range]), in: nil)
        } catch {
            throw GraphError(.invalid, error.message, at: location(line: line))
        }
        guard case .object(let object) = parsed.content else {
            throw GraphError(
                .invalid, "each line must be a JSON object, found \(parsed.typeName)", at: location(line: line))
        }
        keys.appendNew(object.map(\.key))
        shape = nil
        for (cell, column) in rows.columnNames.enumerated() {
            cells[cell] = .value(object.last { $0.key == column }.map { TabularFile.value(of: $0.value) } ?? .null)
        }
    }

    /// Adds the row whose mapped cells were taken: its node, then a link for each link cell
    /// that is not empty. The checks are those of adding the row's node and edges one by one.
    private mutating func addRow(
        line: Int, offset: Int, bytes: UnsafeBufferPointer<UInt8>, locator: inout Locator,
        into chunk: inout DecodedChunk
    ) throws(GraphError) {
        let id: String
        switch cells[0] {
        case .text(let range): id = String(decoding: bytes[range], as: UTF8.self)
        case .value(.string(let text)): id = text
        case .value(let other):
            throw GraphError(
                .invalid, "`\(rows.idColumn)` must hold the node's id, found \(other.displayText)",
                at: location(line: line))
        }
        // A value its property does not accept: the builder's check gives the error.
        for (position, cell) in propertyCells.enumerated() where cell >= 0 {
            let value: Value
            switch cells[cell] {
            case .text(let range):
                guard !types[position].accepts(.string) else { continue }
                value = .string(String(decoding: bytes[range], as: UTF8.self))
            case .value(let stored):
                guard !stored.isNull, !types[position].accepts(stored) else { continue }
                value = stored
            }
            try GraphBuilder.check(value, against: properties[position], owner: "`\(id)`") { location(line: line) }
        }
        try chunk.appendNode(
            id: id, hash: IDHash.of(id), kindPosition: rows.kindPosition, provenance: provenance, offset: offset,
            locator: &locator
        ) { columns in
            for position in columns.indices {
                let cell = propertyCells[position]
                guard cell >= 0 else {
                    columns[position].appendNull()
                    continue
                }
                switch cells[cell] {
                case .value(let value): columns[position].append(value)
                case .text(let range):
                    columns[position].append(string: text(UnsafeBufferPointer(rebasing: bytes[range]), cell: cell))
                }
            }
        }
        for (field, label, outward) in fieldLinks where !cells[field + 1].isNull {
            let node = end(cells[0], bytes, &chunk)
            let other = end(cells[field + 1], bytes, &chunk)
            chunk.appendEdge(
                from: outward ? node : other, to: outward ? other : node, labelPosition: label, properties: [:],
                provenance: provenance, offset: offset)
        }
    }

    /// A link's end: the cell's bytes where they lie, else its text.
    private func end(_ cell: Cell, _ bytes: UnsafeBufferPointer<UInt8>, _ chunk: inout DecodedChunk)
        -> DecodedChunk.EndID
    {
        switch cell {
        case .text(let range): DecodedChunk.endID(range, of: bytes, seed: IDHash.seed)
        case .value(.string(let text)): chunk.endID(decoded: text)
        case .value(let value): chunk.endID(decoded: value.displayText)
        }
    }

    /// A line of the block (counted from 1), as the builder locates the chunk's errors.
    private func location(line: Int) -> SourceLocation {
        SourceLocation(file: rows.file, line: line, column: 1)
    }
}

extension NodeRows {
    /// The keys of the JSON Lines rows of a file, in order of first appearance (lines that are
    /// not objects are passed over): read again only to tell a column no row has.
    static func keys(of file: FileChunks) -> [String] {
        var keys: [String] = []
        var flat = FlatRecord()
        for block in 0..<file.blockCount {
            guard let bytes = try? file.lines(inBlock: block) else { break }
            bytes.withUnsafeBufferPointer { buffer in
                let start = block == 0 ? byteOrderMark(in: buffer) : 0
                _ = TabularFile.forEachLine(of: buffer, from: start) { (_, line) in
                    let names: [String]
                    if flat.scan(buffer, line) {
                        names = flat.members.map { String(decoding: buffer[$0.key], as: UTF8.self) }
                    } else if case .object(let members)? = (try? JSONParser.parse(Array(buffer[line])))?.content {
                        names = members.map(\.key)
                    } else {
                        names = []
                    }
                    keys.appendNew(names)
                }
            }
        }
        return keys
    }
}

extension [String] {
    /// Appends the names it does not hold yet, in order.
    mutating func appendNew(_ names: [String]) {
        for name in names where !contains(name) { append(name) }
    }
}
