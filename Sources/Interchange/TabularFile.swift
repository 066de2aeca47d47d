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

        /// `line 12: …`.
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads CSV text.
    public init(csv text: String) throws(Problem) {
        var header: [String]?
        var rows: [[Value]] = []
        var lines: [Int] = []
        // Each record is typed as it is read: the file's fields as strings are never all held.
        try CSVRecords.read(text) { (line, fields) throws(Problem) in
            guard let header else {
                guard Set(fields).count == fields.count, !fields.contains("") else {
                    throw Problem(line: 1, message: "the header needs distinct, non-empty column names")
                }
                guard fields.count <= Self.maximumColumns else {
                    throw Problem(line: 1, message: "more than \(Self.maximumColumns) columns")
                }
                header = fields
                return
            }
            guard rows.count < Self.maximumRows else {
                throw Problem(line: line, message: "more than \(Self.maximumRows) rows")
            }
            guard fields.count == header.count else {
                throw Problem(line: line, message: "\(fields.count) fields where the header has \(header.count)")
            }
            rows.append(fields.map(Self.value))
            lines.append(line)
        }
        guard let header else { throw Problem(line: 1, message: "the file is empty; a header line is needed") }
        columns = header
        self.rows = rows
        self.lines = lines
    }

    /// Reads JSON Lines text: one object per line, blank lines skipped.
    public init(jsonLines text: String) throws(Problem) {
        var columns: [String] = []
        var positions: [String: Int] = [:]
        var rows: [[Value]] = []
        var lines: [Int] = []
        for (index, line) in text.withUnixLineEnds.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let parsed: JSONValue
            do {
                parsed = try JSONParser.parse(Array(line.utf8))
            } catch {
                throw Problem(line: index + 1, message: error.message)
            }
            guard case .object(let members) = parsed.content else {
                throw Problem(line: index + 1, message: "each line must be a JSON object, found \(parsed.typeName)")
            }
            for member in members where positions[member.key] == nil {
                positions[member.key] = columns.count
                columns.append(member.key)
                // Every row gets a cell per column: 30,000 keys in a small file would be
                // 30,000 × 30,000 cells.
                guard columns.count <= Self.maximumColumns else {
                    throw Problem(
                        line: index + 1,
                        message: "more than \(Self.maximumColumns) distinct keys: these are not rows of one table")
                }
            }
            guard rows.count < Self.maximumRows else {
                throw Problem(line: index + 1, message: "more than \(Self.maximumRows) rows")
            }
            // Each line is typed as it is read (no line's JSON is held): a row has a cell for
            // each column known so far, and the rows before a column's first line get theirs last.
            var row = [Value](repeating: .null, count: columns.count)
            for member in members {
                guard let position = positions[member.key] else { continue }
                row[position] = Self.value(of: member.value)
            }
            rows.append(row)
            lines.append(index + 1)
        }
        for index in rows.indices where rows[index].count < columns.count {
            rows[index] += repeatElement(.null, count: columns.count - rows[index].count)
        }
        self.columns = columns
        self.rows = rows
        self.lines = lines
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

    private static func value(of json: JSONValue) -> Value {
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
/// bytes between them are the fields' text.
enum CSVRecords {
    /// Hands each record of `text` to `take`, with the line it starts on, as it is read.
    static func read(
        _ text: String, _ take: (_ line: Int, _ fields: [String]) throws(TabularFile.Problem) -> Void
    ) throws(TabularFile.Problem) {
        let (quote, comma, cr, lf) = (UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\r"), UInt8(ascii: "\n"))
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var bytes = text.utf8.makeIterator()
        var pending = bytes.next()
        var fieldStarted = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while let byte = pending {
            pending = bytes.next()
            if quoted {
                if byte == quote {
                    if pending == quote {
                        field.append(quote)
                        pending = bytes.next()
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !fieldStarted:
                quoted = true
                fieldStarted = true
            case quote:
                throw TabularFile.Problem(
                    line: line, message: "a quote inside an unquoted field (quote the whole field)")
            case comma:
                endField()
                fieldStarted = false
            case cr where pending == lf:
                continue
            case lf, cr:  // a lone CR ends a line too (old Mac files)
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { try take(recordLine, fields) }
                fields.removeAll(keepingCapacity: true)
                fieldStarted = false
                line += 1
                recordLine = line
            default:
                field.append(byte)
                fieldStarted = true
            }
        }
        guard !quoted else { throw TabularFile.Problem(line: recordLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            try take(recordLine, fields)
        }
    }
}
