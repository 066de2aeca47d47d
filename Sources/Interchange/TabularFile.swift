import Foundation
import IncidentGraph

/// Rows read from a CSV (RFC 4180, a header line first) or JSON Lines (one object per line)
/// file, with values typed as they look: whole numbers, decimals, true/false, dates and
/// date-times (ISO 8601) become those; empty fields become null; anything else stays text.
/// A malformed line is an error naming the line, and nothing is returned.
public struct TabularFile: Sendable {
    /// Column names, in order (the CSV header, or the keys in order of first appearance).
    public let columns: [String]
    /// One value per column per row.
    public let rows: [[Value]]
    /// The line of the file each row starts on (1-based): a quoted CSV field may span lines,
    /// and JSON Lines may have blank ones.
    public let lines: [Int]

    /// Most rows read.
    public static let maximumRows = 5_000_000
    /// Most columns (CSV fields or distinct JSON keys) a file may have.
    public static let maximumColumns = 1_000

    /// A file's problem, with its line.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// 1-based line.
        public let line: Int
        /// What is wrong.
        public let message: String
        /// Whether the text ended inside a quoted CSV field (a block of a file cut there reads
        /// on in the next).
        var quoteLeftOpen = false

        /// `line 12: …`.
        public var description: String { "line \(line): \(message)" }
    }

    /// Rows read between two calls of `progress`.
    static let progressInterval = 1 << 16

    /// Reads CSV text; `progress` hears every ``progressInterval`` rows (bytes read of all, rows
    /// so far), and an error it throws (Ctrl-C) stops the reading with a problem.
    public init(csv text: String, progress: GraphFile.Progress? = nil) throws(Problem) {
        var header: [String]?
        var rows: [[Value]] = []
        var lines: [Int] = []
        // Each record is typed as it is read: the file's fields as strings are never all held.
        try CSVRecords.read(text) { (line, record) throws(Problem) in
            guard let header else {
                header = try Self.header(record)
                return
            }
            guard rows.count < Self.maximumRows else {
                throw Problem(line: line, message: "more than \(Self.maximumRows) rows")
            }
            guard record.count == header.count else {
                throw Problem(line: line, message: "\(record.count) fields where the header has \(header.count)")
            }
            rows.append((0..<record.count).map { Self.value(record.bytes($0)) })
            lines.append(line)
            if rows.count % Self.progressInterval == 0 {
                try Self.tell(progress, record.offset, text.utf8.count, rows.count, line: line)
            }
        }
        guard let header else { throw Problem(line: 1, message: "the file is empty; a header line is needed") }
        columns = header
        self.rows = rows
        self.lines = lines
    }

    /// The column names of a CSV header record: distinct, not empty, and not too many.
    static func header(_ record: CSVRecords.Record) throws(Problem) -> [String] {
        let fields = (0..<record.count).map(record.text)
        guard Set(fields).count == fields.count, !fields.contains("") else {
            throw Problem(line: 1, message: "the header needs distinct, non-empty column names")
        }
        guard fields.count <= Self.maximumColumns else {
            throw Problem(line: 1, message: "more than \(Self.maximumColumns) columns")
        }
        return fields
    }

    /// Reads JSON Lines text: one object per line (lines end at LF, CRLF or a CR alone), blank
    /// lines skipped.
    /// `progress` hears as ``init(csv:progress:)``'s does.
    public init(jsonLines text: String, progress: GraphFile.Progress? = nil) throws(Problem) {
        try self.init(jsonLines: text, scanningFlatLines: true, progress: progress)
    }

    /// ``init(jsonLines:)``; when `scanningFlatLines`, a flat line (``FlatRecord``: strings
    /// without escapes, numbers, `true`, `false`, `null`) is read where it lies, without a JSON
    /// tree; every other line, and every error, goes to the JSON parser, which gives the same
    /// values.
    init(jsonLines text: String, scanningFlatLines: Bool, progress: GraphFile.Progress? = nil) throws(Problem) {
        var table = JSONLinesTable()
        var flat = FlatRecord()
        var text = text
        var failure: Problem?
        // The text's bytes are read where they lie; a line the JSON parser reads is copied.
        text.withUTF8 { buffer in
            do throws(Problem) {
                try Self.forEachLine(of: buffer) { (number, line) throws(Problem) in
                    if !table.rows.isEmpty, table.rows.count % Self.progressInterval == 0 {
                        try Self.tell(progress, line.lowerBound, buffer.count, table.rows.count, line: number)
                    }
                    if scanningFlatLines, flat.scan(buffer, line), let values = Self.values(of: flat, in: buffer) {
                        // Lines of one shape have the same keys: they are compared only when the shape changes.
                        if flat.shape != table.lastShape {
                            let keys = flat.members.map { String(decoding: buffer[$0.key], as: UTF8.self) }
                            try table.use(keys: keys, shape: flat.shape, line: number)
                        }
                        try table.append(values, line: number)
                        return
                    }
                    let parsed: JSONValue
                    do throws(JSONParser.SyntaxError) {
                        parsed = try JSONParser.parse(Array(buffer[line]), in: nil)
                    } catch {
                        throw Problem(line: number, message: error.message)
                    }
                    guard case .object(let members) = parsed.content else {
                        throw Problem(
                            line: number, message: "each line must be a JSON object, found \(parsed.typeName)")
                    }
                    try table.use(keys: members.map(\.key), shape: nil, line: number)
                    try table.append(members.map { Self.value(of: $0.value) }, line: number)
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        table.fillRows()
        columns = table.columns
        rows = table.rows
        lines = table.lines
    }

    /// Tells `progress` how far the reading has come; an error it throws stops the reading, as a
    /// problem on `line`.
    private static func tell(
        _ progress: GraphFile.Progress?, _ bytesRead: Int, _ totalBytes: Int, _ rows: Int, line: Int
    ) throws(Problem) {
        do throws(GraphError) {
            try progress?(bytesRead, totalBytes, rows)
        } catch {
            throw Problem(line: line, message: error.message)
        }
    }

    /// The values of a flat line's members, typed as the JSON parser's values are; nil when one
    /// needs the parser (a decimal out of range, a string that is not UTF-8).
    private static func values(of record: borrowing FlatRecord, in bytes: UnsafeBufferPointer<UInt8>) -> [Value]? {
        var values: [Value] = []
        values.reserveCapacity(record.members.count)
        for member in record.members {
            guard let value = value(of: member, in: bytes) else { return nil }
            values.append(value)
        }
        return values
    }

    /// The value of a flat line's member, typed as the JSON parser's value is (a string as it
    /// looks, its text made by `text`); nil when it needs the parser (a decimal out of range, a
    /// string that is not UTF-8).
    static func value(
        of member: FlatRecord.Member, in bytes: UnsafeBufferPointer<UInt8>,
        text: (UnsafeBufferPointer<UInt8>) -> String = { String(decoding: $0, as: UTF8.self) }
    ) -> Value? {
        switch typed(member, in: bytes) {
        case .value(let value): value
        case .text: .string(text(UnsafeBufferPointer(rebasing: bytes[member.value])))
        case nil: nil
        }
    }

    /// A flat line's member typed as ``value(of:in:text:)`` types it, its text left where it
    /// lies; nil when it needs the parser.
    static func typed(_ member: FlatRecord.Member, in bytes: UnsafeBufferPointer<UInt8>) -> TypedField? {
        let bytes = UnsafeBufferPointer(rebasing: bytes[member.value])
        switch member.token {
        case .null: return .value(.null)
        case .bool(let flag): return .value(.bool(flag))
        case .integer(let number): return .value(.int(number))
        case .decimal:
            guard let number = Double(String(decoding: bytes, as: UTF8.self)), number.isFinite else { return nil }
            return .value(.double(number))
        case .string(let ascii):
            guard ascii || String(validating: bytes, as: UTF8.self) != nil else { return nil }
            return typed(bytes)
        }
    }

    /// Calls `body` with the number (from 1) and the byte range of each line of `bytes` from
    /// `start` that is not blank; lines end at LF, CRLF or a CR alone. Returns the lines passed.
    @discardableResult
    static func forEachLine<Failure: Error>(
        of bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0,
        _ body: (_ number: Int, _ line: Range<Int>) throws(Failure) -> Void
    ) throws(Failure) -> Int {
        let (cr, lf) = (UInt8(ascii: "\r"), UInt8(ascii: "\n"))
        guard let base = bytes.baseAddress else { return 0 }  // no bytes, no line
        var number = 0
        var position = start
        while position < bytes.count {
            // The next LF, then a CR before it: two scans of whole words, not one of each byte.
            var end =
                memchr(base + position, Int32(lf), bytes.count - position).map {
                    UnsafeRawPointer($0) - UnsafeRawPointer(base)
                } ?? bytes.count
            if let carriageReturn = memchr(base + position, Int32(cr), end - position) {
                end = UnsafeRawPointer(carriageReturn) - UnsafeRawPointer(base)
            }
            number += 1
            let line = position..<end
            position = end + (end + 1 < bytes.count && bytes[end] == cr && bytes[end + 1] == lf ? 2 : 1)
            if !isBlank(bytes[line]) { try body(number, line) }
        }
        return number
    }

    /// Whether a line holds only white space (ASCII, or any Unicode white space).
    private static func isBlank(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0B && $0 != 0x0C }) else {
            return true
        }
        return first >= 0x80 && String(decoding: line, as: UTF8.self).allSatisfy(\.isWhitespace)
    }

    /// A field typed as it looks: a value, or text that is the field's bytes as they stand
    /// (left where they lie until a string is made of them).
    enum TypedField {
        case value(Value)
        case text
    }

    /// A CSV field's value, typed as it looks (``typed(_:)``); text is made by `text` (a
    /// column's ``TextInterner`` shares it).
    static func value(
        _ bytes: UnsafeBufferPointer<UInt8>,
        text: (UnsafeBufferPointer<UInt8>) -> String = { String(decoding: $0, as: UTF8.self) }
    ) -> Value {
        switch typed(bytes) {
        case .value(let value): value
        case .text: .string(text(bytes))
        }
    }

    /// A field typed as it looks: a whole number of up to 18 digits, a date-time, or text that
    /// starts with a letter is read from its bytes; anything else as ``value(_:)-(String)``
    /// reads its text, which gives the same values.
    static func typed(_ bytes: UnsafeBufferPointer<UInt8>) -> TypedField {
        if bytes.isEmpty { return .value(.null) }
        // A letter first starts no number (nor a number with a point: `inf` and `nan` have
        // none), no date and no date-time: it is text, or a truth value.
        if (bytes[0] | 0x20) &- UInt8(ascii: "a") < 26 {
            if bytes.count == 4, bytes.elementsEqual("true".utf8) { return .value(.bool(true)) }
            return bytes.count == 5 && bytes.elementsEqual("false".utf8) ? .value(.bool(false)) : .text
        }
        // A digit first and `T` eleventh is no number and no date: a date-time, or text.
        if bytes.count > 10, bytes[10] == UInt8(ascii: "T"), bytes[0] &- UInt8(ascii: "0") < 10 {
            return Instant(iso8601: bytes).map { .value(.instant($0)) } ?? .text
        }
        let signed = bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")
        let digits = bytes.count - (signed ? 1 : 0)
        if digits > 0, digits <= 18 {
            var number = 0
            for byte in bytes[(signed ? 1 : 0)...] {
                guard byte &- UInt8(ascii: "0") < 10 else {
                    return .value(value(String(decoding: bytes, as: UTF8.self)))
                }
                number = number * 10 + Int(byte &- UInt8(ascii: "0"))
            }
            return .value(.int(bytes[0] == UInt8(ascii: "-") ? -number : number))
        }
        return .value(value(String(decoding: bytes, as: UTF8.self)))
    }

    /// A field's value, typed as it looks. Dates and date-times are ASCII, so their shape is
    /// checked on the UTF-8 bytes (a million fields are typed per column of a large file).
    static func value(_ text: String) -> Value {
        if text.isEmpty { return .null }
        if let number = Int(text) { return .int(number) }
        if let number = Double(text), text.utf8.contains(UInt8(ascii: ".")) { return .double(number) }
        if text == "true" || text == "false" { return .bool(text == "true") }
        let bytes = text.utf8
        if bytes.count == 10, bytes.dropFirst(4).first == UInt8(ascii: "-"), let day = Day(iso8601: text) {
            return .date(day)
        }
        if bytes.count > 10, bytes.dropFirst(10).first == UInt8(ascii: "T"), let instant = Instant(iso8601: text) {
            return .instant(instant)
        }
        return .string(text)
    }

    static func value(of json: JSONValue) -> Value {
        switch json.content {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): value(text)
        case .array(let elements): .list(elements.map(value(of:)))
        case .object: .string("(object)")
        }
    }
}

/// RFC 4180 records: fields separated by commas, quoted fields may hold commas, quotes
/// (doubled) and line breaks; records end at CRLF or LF. Read over the UTF-8 bytes: every byte
/// that separates (`,` `"` CR LF) is ASCII, and no byte of a longer character is ASCII, so the
/// bytes between them are the fields' text. A field is handed over as the bytes where it lies
/// (a quoted one with doubled quotes, copied once without them), never as a string unless the
/// reader makes one.
enum CSVRecords {
    /// One record's fields, valid only during the call that hands it over.
    struct Record {
        fileprivate let text: UnsafeBufferPointer<UInt8>
        fileprivate let unquoted: UnsafeBufferPointer<UInt8>
        fileprivate let fields: UnsafeBufferPointer<Field>
        /// Where the record starts in the text.
        let offset: Int

        /// Fields in the record.
        var count: Int { fields.count }

        /// The bytes of field `index`.
        func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
            let field = fields[index]
            return UnsafeBufferPointer(rebasing: (field.copied ? unquoted : text)[field.start..<field.end])
        }

        /// The text of field `index`.
        func text(_ index: Int) -> String { String(decoding: bytes(index), as: UTF8.self) }

        /// Where the bytes of field `index` lie in the text; nil for a field copied without its
        /// doubled quotes.
        func range(_ index: Int) -> Range<Int>? {
            let field = fields[index]
            return field.copied ? nil : field.start..<field.end
        }
    }

    /// Where a field's bytes are: in the text, or in the bytes copied out of quoted fields.
    fileprivate struct Field {
        let start: Int
        let end: Int
        let copied: Bool
    }

    /// Hands each record of `text` to `take`, with the line it starts on, as it is read.
    static func read(
        _ text: String, _ take: (_ line: Int, _ record: Record) throws(TabularFile.Problem) -> Void
    ) throws(TabularFile.Problem) {
        var text = text
        var failure: TabularFile.Problem?
        text.withUTF8 { bytes in
            do throws(TabularFile.Problem) {
                _ = try read(bytes) { (line, record) throws(TabularFile.Problem) in
                    try take(line, record)
                    return true
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Hands each record of `bytes` from `start`, which is on line `line`, to `take` with the
    /// line it starts on, until `take` says to stop; where reading stopped (after that record,
    /// or at the end) and the line that is on. A quoted field still open at the end is an error
    /// whose ``TabularFile/Problem/quoteLeftOpen`` is set.
    static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, line: Int = 1,
        _ take: (_ line: Int, _ record: Record) throws(TabularFile.Problem) -> Bool
    ) throws(TabularFile.Problem) -> (position: Int, line: Int) {
        var scanner = Scanner(bytes: bytes, position: start, line: line)
        while scanner.position < bytes.count {
            try scanner.field()
            // The separator after it: a comma, a line end (CRLF, LF, or a CR alone), or the end.
            guard scanner.position < bytes.count else { break }
            let separator = bytes[scanner.position]
            scanner.position += 1
            if separator == Scanner.comma {
                if scanner.position == bytes.count { scanner.fields.append(Field(start: 0, end: 0, copied: false)) }
                continue
            }
            if separator == Scanner.cr, scanner.position < bytes.count, bytes[scanner.position] == Scanner.lf {
                scanner.position += 1
            }
            scanner.line += 1
            let goOn = try scanner.hand(to: take)
            scanner.recordLine = scanner.line
            scanner.recordStart = scanner.position
            if !goOn { return (scanner.position, scanner.line) }
        }
        if !scanner.fields.isEmpty { _ = try scanner.hand(to: take) }
        return (scanner.position, scanner.line)
    }

    /// Reads fields one at a time, keeping the record's fields until it is handed over.
    private struct Scanner {
        // Computed, not stored: a stored static is a lazy global whose every read of a byte's
        // separator would check that it is made.
        static var quote: UInt8 { UInt8(ascii: "\"") }
        static var comma: UInt8 { UInt8(ascii: ",") }
        static var cr: UInt8 { UInt8(ascii: "\r") }
        static var lf: UInt8 { UInt8(ascii: "\n") }
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int
        /// The line `position` is on, and the line the record being read starts on.
        var line: Int
        var recordLine: Int
        /// Where the record being read starts.
        var recordStart: Int
        var fields: [Field] = []
        /// Quoted fields' bytes without their doubled quotes.
        var unquoted: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>, position: Int, line: Int) {
            self.bytes = bytes
            self.position = position
            recordStart = position
            self.line = line
            recordLine = line
        }

        /// Reads the field at `position`, up to the separator after it.
        mutating func field() throws(TabularFile.Problem) {
            guard position < bytes.count, bytes[position] == Self.quote else {
                let start = position
                try skipUnquoted()
                fields.append(Field(start: start, end: position, copied: false))
                return
            }
            let opened = position
            position += 1
            var copyFrom = position  // bytes not copied yet, should the field be copied
            let copyStart = unquoted.count
            var copied = false
            while true {
                guard position < bytes.count else {
                    var problem = TabularFile.Problem(line: recordLine, message: "a quoted field is never closed")
                    problem.quoteLeftOpen = true
                    throw problem
                }
                let byte = bytes[position]
                if byte == Self.lf { line += 1 }
                guard byte == Self.quote else {
                    position += 1
                    continue
                }
                guard position + 1 < bytes.count, bytes[position + 1] == Self.quote else { break }
                // A doubled quote: the field is copied without one of them.
                unquoted.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyFrom...position]))
                copied = true
                position += 2
                copyFrom = position
            }
            let closing = position
            position += 1
            try skipUnquoted()  // text after the closing quote belongs to the field too
            guard copied || position > closing + 1 else {
                fields.append(Field(start: opened + 1, end: closing, copied: false))
                return
            }
            unquoted.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyFrom..<closing]))
            unquoted.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(closing + 1)..<position]))
            fields.append(Field(start: copyStart, end: unquoted.count, copied: true))
        }

        /// Moves `position` to the next comma or line end; a quote before it is an error.
        private mutating func skipUnquoted() throws(TabularFile.Problem) {
            while position < bytes.count {
                let byte = bytes[position]
                if byte == Self.comma || byte == Self.cr || byte == Self.lf { return }
                if byte == Self.quote {
                    throw TabularFile.Problem(
                        line: line, message: "a quote inside an unquoted field (quote the whole field)")
                }
                position += 1
            }
        }

        /// Hands the record read to `take` (a blank line is none, and reading goes on), and
        /// starts the next; whether `take` says to go on.
        mutating func hand(to take: (Int, Record) throws(TabularFile.Problem) -> Bool)
            throws(TabularFile.Problem) -> Bool
        {
            defer {
                fields.removeAll(keepingCapacity: true)
                unquoted.removeAll(keepingCapacity: true)
            }
            if fields.count == 1, fields[0].start == fields[0].end { return true }
            let (text, start, line) = (bytes, recordStart, recordLine)
            return try unquoted.withUnsafeBufferPointer { unquoted throws(TabularFile.Problem) in
                try fields.withUnsafeBufferPointer { fields throws(TabularFile.Problem) in
                    try take(line, Record(text: text, unquoted: unquoted, fields: fields, offset: start))
                }
            }
        }
    }
}

/// The table JSON Lines rows make: columns in order of first appearance, a row per line with a
/// cell for each column known when it was read (the rest filled in at the end).
private struct JSONLinesTable {
    private(set) var columns: [String] = []
    private(set) var rows: [[Value]] = []
    private(set) var lines: [Int] = []
    /// The shape (``FlatRecord/shape``) of the last line whose keys were taken, nil when it was
    /// not read flat.
    private(set) var lastShape: Int?
    private var positions: [String: Int] = [:]
    /// The keys of the last line and their columns: the next line most often has the same.
    private var lastKeys: [String] = []
    private var lastColumns: [Int] = []

    /// Takes the keys of the line `line`, in order, adding the new ones as columns.
    mutating func use(keys: [String], shape: Int?, line: Int) throws(TabularFile.Problem) {
        lastShape = shape
        guard keys != lastKeys else { return }
        for key in keys where positions[key] == nil {
            positions[key] = columns.count
            columns.append(key)
            // Every row gets a cell per column: 30,000 keys in a small file would be
            // 30,000 × 30,000 cells.
            guard columns.count <= TabularFile.maximumColumns else {
                throw TabularFile.Problem(
                    line: line,
                    message: "more than \(TabularFile.maximumColumns) distinct keys: these are not rows of one table")
            }
        }
        lastKeys = keys
        lastColumns = keys.map { positions[$0] ?? 0 }
    }

    /// Gives the rows read before a column's first line their cells of it.
    mutating func fillRows() {
        for index in rows.indices where rows[index].count < columns.count {
            rows[index] += repeatElement(.null, count: columns.count - rows[index].count)
        }
    }

    /// Adds a row of the values of the last keys taken, in their order.
    mutating func append(_ values: [Value], line: Int) throws(TabularFile.Problem) {
        guard rows.count < TabularFile.maximumRows else {
            throw TabularFile.Problem(line: line, message: "more than \(TabularFile.maximumRows) rows")
        }
        // Each line is typed as it is read (no line's JSON is held): a row has a cell for each
        // column known so far, and the rows before a column's first line get theirs last.
        var row = [Value](repeating: .null, count: columns.count)
        for (value, column) in zip(values, lastColumns) { row[column] = value }
        rows.append(row)
        lines.append(line)
    }
}
