import IncidentGraph
import Testing
import Workbench

@testable import Interchange

@Suite("CSV and JSON Lines rows")
struct TabularFileTests {
    @Test("RFC 4180: quoted commas, doubled quotes, line breaks in fields, CRLF; values typed as they look")
    func csv() throws {
        let file = try TabularFile(
            csv:
                "sent,subject,size,ok\r\n2023-01-30T02:15:00Z,\"Re: agenda, \"\"draft\"\"\",12,true\r\n2023-02-01,\"two\nlines\",1.5,\r\n"
        )
        #expect(file.columns == ["sent", "subject", "size", "ok"])
        #expect(file.rows.count == 2)
        #expect(file.rows[0][1] == .string("Re: agenda, \"draft\""))
        #expect(file.rows[0][0] == .instant(try #require(Instant(iso8601: "2023-01-30T02:15:00Z"))))
        #expect(file.rows[0][2] == .int(12) && file.rows[0][3] == .bool(true))
        #expect(file.rows[1][0] == .date(try #require(Day(iso8601: "2023-02-01"))))
        #expect(file.rows[1][1] == .string("two\nlines") && file.rows[1][2] == .double(1.5) && file.rows[1][3] == .null)
    }

    @Test(
        "malformed CSV names the line and returns nothing",
        arguments: [
            ("a,b\n1,2\n3\n", "line 3: 1 fields where the header has 2"),
            ("a,b\n1,\"open\n", "line 2: a quoted field is never closed"),
            ("a,a\n1,2\n", "line 1: the header needs distinct, non-empty column names"),
            ("", "line 1: the file is empty; a header line is needed"),
            ("a,b\n1,x\"y\n", "line 2: a quote inside an unquoted field (quote the whole field)"),
        ])
    func badCSV(text: String, problem: String) {
        #expect(throws: TabularFile.Problem.self) { try TabularFile(csv: text) }
        do {
            _ = try TabularFile(csv: text)
        } catch {
            #expect(error.description == problem)
        }
    }

    @Test("JSON Lines: one object per line, keys in order of first appearance, errors by line")
    func jsonLines() throws {
        let file = try TabularFile(
            jsonLines: "{\"ts\": \"2024-06-03T01:30:00Z\", \"n\": 1}\n\n{\"n\": 2, \"extra\": [1]}\n")
        #expect(file.columns == ["ts", "n", "extra"])
        #expect(file.rows[1] == [.null, .int(2), .list([.int(1)])])
        // The first row was read before `extra` was seen: it still has a cell for it.
        let ts = try #require(Instant(iso8601: "2024-06-03T01:30:00Z"))
        #expect(file.rows[0] == [.instant(ts), .int(1), .null])
        #expect(throws: TabularFile.Problem.self) { try TabularFile(jsonLines: "{\"a\": 1}\n[1]\n") }
        do {
            _ = try TabularFile(jsonLines: "{\"a\": 1}\n{\"a\": }\n")
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test("JSON Lines: keys in another order, a new key, lines ended by CR alone, a line of ideographic spaces")
    func jsonLinesKeyOrders() throws {
        let file = try TabularFile(
            jsonLines:
                "{\"a\": 1, \"b\": 2}\r{\"b\": 3, \"a\": 4}\r\n\u{3000}\u{3000}\n{\"a\": 5, \"b\": 6, \"c\": 7}\n{\"c\": 8}"
        )
        #expect(file.columns == ["a", "b", "c"])
        #expect(
            file.rows == [
                [.int(1), .int(2), .null], [.int(4), .int(3), .null], [.int(5), .int(6), .int(7)],
                [.null, .null, .int(8)],
            ])
        #expect(file.lines == [1, 2, 4, 5])
    }

    @Test("text beyond ASCII is kept scalar for scalar, quoted or not; date-like text that is not one stays text")
    func unicodeFields() throws {
        let file = try TabularFile(
            csv: "件名,n,d\n\"台湾,情勢\n（続き）\",1,２０２３-０１-０１\ncafe\u{301},2,2023-01-01T09:30:00Z\n")
        #expect(file.columns == ["件名", "n", "d"])
        #expect(file.rows.count == 2)
        #expect(file.rows[0] == [.string("台湾,情勢\n（続き）"), .int(1), .string("２０２３-０１-０１")])
        #expect(file.rows[1][0] == .string("cafe\u{301}"))
        #expect(file.rows[1][0].stringValue?.unicodeScalars.count == 5)
        #expect(file.rows[1][2] == .instant(try #require(Instant(iso8601: "2023-01-01T09:30:00Z"))))
    }

    @Test("old Mac line ends (CR alone) in CSV and Windows ones in JSON Lines are read, not silently dropped")
    func lineEnds() throws {
        let csv = try TabularFile(csv: "a,b\r1,2\r3,4\r")
        #expect(csv.columns == ["a", "b"] && csv.rows.count == 2)
        let jsonLines = try TabularFile(jsonLines: "{\"a\": 1}\r\n{\"a\": 2}\r\n")
        #expect(jsonLines.columns == ["a"] && jsonLines.rows == [[.int(1)], [.int(2)]])
    }

    @Test("a field typed from its bytes is typed as its text is: numbers, truth values, dates, date-times, words")
    func bytesTypedAsText() {
        let known = [
            "true", "false", "True", "t", "f", "inf", "nan", "Infinity", "NaN", "inf.0", "nan(1.)", "e5", "x.5",
            "2019-11-30T15:01:45Z", "2019-11-30T15:01:45.250+09:00", "2019-11-30T25:01:45Z", "2019-11-30Tx",
            "2019-11-30", "1234567890T", "+123", "-0", "1.5", "1e5", "0x1p3", "123456789012345678",
            "1234567890123456789", "inc-0000001", "spearphishing-attachment", "Zulu", "台湾", "a1.5",
        ]
        let alphabet = Array("0123456789-:.+TZtruefalsinx ")
        var random = SystemRandomNumberGenerator()
        let drawn = (0..<20_000).map { _ in
            String((0..<Int.random(in: 1...24, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        for text in known + drawn {
            var bytes = text
            let typed = bytes.withUTF8 { TabularFile.value($0) }
            let same = typed == TabularFile.value(text)
            #expect(
                same,
                "\(text.debugDescription): \(same ? "" : "\(typed) from bytes, \(TabularFile.value(text)) from text")")
            if !same { return }
        }
    }

    @Test("progress is told every 65,536 rows, and an error it throws stops the reading", arguments: [false, true])
    func progress(jsonLines: Bool) throws {
        let rows = (0..<140_000).map { jsonLines ? "{\"n\": \($0)}" : "\($0)" }
        let text = (jsonLines ? "" : "n\n") + rows.joined(separator: "\n") + "\n"
        func read(_ progress: @escaping GraphFile.Progress) throws(TabularFile.Problem) -> TabularFile {
            jsonLines
                ? try TabularFile(jsonLines: text, progress: progress) : try TabularFile(csv: text, progress: progress)
        }
        var told: [(bytes: Int, total: Int, rows: Int)] = []
        let table = try read { told.append(($0, $1, $2)) }
        #expect(table.rows.count == 140_000 && told.map(\.rows) == [65_536, 131_072])
        #expect(told.allSatisfy { $0.total == text.utf8.count && $0.bytes > 0 && $0.bytes < $0.total })
        do {
            _ = try read { _, _, _ throws(GraphError) in throw GraphError(.io, "cancelled (Ctrl-C)") }
            Issue.record("the reading went on")
        } catch {
            // Told on the 65,536th row under the CSV header, or on the JSON line after it: line 65,537.
            #expect(error.message == "cancelled (Ctrl-C)" && error.line == 65_537)
        }
    }

    @Test("a small file of many distinct keys is refused before it becomes a table of millions of cells")
    func manyKeys() {
        let text = (0..<30_000).map { "{\"k\($0)\": 1}" }.joined(separator: "\n")
        #expect(throws: TabularFile.Problem.self) { try TabularFile(jsonLines: text) }
        let wide = (0...TabularFile.maximumColumns).map { "c\($0)" }.joined(separator: ",") + "\n"
        #expect(throws: TabularFile.Problem.self) { try TabularFile(csv: wide) }
    }
}

@Suite("JSON Lines rows read flat")
struct FlatJSONLinesTests {
    /// A random line: an object of keys from a small pool (in any order, sometimes repeated or
    /// escaped) and values of every kind the parser reads, now and then not an object or broken.
    static func line(_ random: inout some RandomNumberGenerator) -> String {
        let keys = ["a", "b", "ts", "件名", "a\\\"b", "n"]
        let values = [
            "1", "-0", "0", "123456789012345678", "1234567890123456789", "1.5", "-2e3", "1e400", "true", "false",
            "null", "\"x\"", "\"0012\"", "\"+5\"", "\"2023-01-01\"", "\"2023-01-01T09:30:00Z\"", "\"2023-13-01\"",
            "\"台湾\"", "\"a\\nb\"", "\"\"", "[1, \"x\"]", "{\"k\": 1}", "\"true\"", "\"1.50\"",
        ]
        switch Int.random(in: 0..<40, using: &random) {
        case 0: return "[1, 2]"
        case 1: return "{\"a\": }"
        case 2: return ""
        default:
            let count = Int.random(in: 0...4, using: &random)
            let members = (0..<count).map { _ in
                "\"\(keys.randomElement(using: &random)!)\":" + [" ", "", "  "].randomElement(using: &random)!
                    + values.randomElement(using: &random)!
            }
            return "{" + members.joined(separator: ", ") + "}"
        }
    }

    @Test("flat lines read where they lie give the parser's columns, rows, lines and first error")
    func sameAsParser() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let lines = (0..<Int.random(in: 1...12, using: &random)).map { _ in Self.line(&random) }
            let text = lines.joined(separator: ["\n", "\r\n", "\r"].randomElement(using: &random)!)
            let flat = Result { () throws(TabularFile.Problem) in try TabularFile(jsonLines: text) }
            let parsed = Result { () throws(TabularFile.Problem) in
                try TabularFile(jsonLines: text, scanningFlatLines: false)
            }
            let same: Bool
            switch (flat, parsed) {
            case (.success(let a), .success(let b)):
                let sameColumns: Bool = a.columns == b.columns
                let sameRows: Bool = a.rows == b.rows
                let sameLines: Bool = a.lines == b.lines
                same = sameColumns && sameRows && sameLines
            case (.failure(let a), .failure(let b)): same = a.line == b.line && a.message == b.message
            default: same = false
            }
            #expect(same, "\(text)")
        }
    }
}
