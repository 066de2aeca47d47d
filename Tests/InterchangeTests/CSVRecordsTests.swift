import Testing

@testable import Interchange

@Suite("CSV records")
struct CSVRecordsTests {
    /// The records of a text as a plain reading of RFC 4180 gives them, byte by byte: what
    /// ``CSVRecords`` must agree with, record for record and error for error.
    static func reference(_ text: String) -> (records: [(line: Int, fields: [String])], problem: String?) {
        let (quote, comma, cr, lf) = (UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\r"), UInt8(ascii: "\n"))
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var (quoted, started, line, recordLine) = (false, false, 1, 1)
        let bytes = Array(text.utf8)
        var index = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : nil
            index += 1
            if quoted {
                if byte == quote, next == quote {
                    field.append(quote)
                    index += 1
                } else if byte == quote {
                    quoted = false
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !started: (quoted, started) = (true, true)
            case quote: return (records, "line \(line): a quote inside an unquoted field (quote the whole field)")
            case comma:
                endField()
                started = false
            case cr where next == lf: continue
            case lf, cr:
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                started = false
                line += 1
                recordLine = line
            default:
                field.append(byte)
                started = true
            }
        }
        if quoted { return (records, "line \(recordLine): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append((recordLine, fields))
        }
        return (records, nil)
    }

    /// The records ``CSVRecords`` hands over, and its error.
    static func read(_ text: String) -> (records: [(line: Int, fields: [String])], problem: String?) {
        var records: [(line: Int, fields: [String])] = []
        do {
            try CSVRecords.read(text) { line, record in records.append((line, (0..<record.count).map(record.text))) }
        } catch {
            return (records, error.description)
        }
        return (records, nil)
    }

    @Test("records, fields and errors agree with a byte-by-byte reading on 20,000 texts of quotes, commas and line ends")
    func agreesWithReference() {
        let alphabet: [String] = ["a", "日", ",", "\"", "\"\"", "\n", "\r", "\r\n", "1", " "]
        var random = SystemRandomNumberGenerator()
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...24, using: &random)).map { _ in
                alphabet.randomElement(using: &random) ?? ""
            }.joined()
            let (expected, found) = (Self.reference(text), Self.read(text))
            let same =
                expected.problem == found.problem && expected.records.count == found.records.count
                && zip(expected.records, found.records).allSatisfy { $0.line == $1.line && $0.fields == $1.fields }
            if !same, disagreements.count < 5 { disagreements.append(text.debugDescription) }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
    }
}
