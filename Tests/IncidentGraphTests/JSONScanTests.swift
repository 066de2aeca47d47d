import Testing

@testable import IncidentGraph

@Suite("Scanning a JSON document's top level")
struct JSONScanTests {
    /// Random JSON texts whose exact extent is known: strings with escaped quotes and
    /// backslashes, brackets and braces inside them, Japanese, and runs of every length around
    /// the eight bytes the scan skips at a time.
    struct Texts {
        var random = SystemRandomNumberGenerator()

        mutating func string() -> String {
            let pieces = [
                "a", "Z", "0", " ", "{", "}", "[", "]", ",", ":", "\\\"", "\\\\", "\\n", "\\u0041", "あ", "台湾",
            ]
            let count = Int.random(in: 0...24, using: &random)
            return "\"" + (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined() + "\""
        }

        mutating func space() -> String {
            [" ", "", "\n", "\t", " \r\n  "].randomElement(using: &random)!
        }

        mutating func value(depth: Int = 0) -> String {
            switch Int.random(in: 0..<(depth < 3 ? 7 : 4), using: &random) {
            case 0: return string()
            case 1: return String(Int.random(in: -1_000_000...1_000_000, using: &random))
            case 2: return ["true", "false", "null", "1.5e3"].randomElement(using: &random)!
            case 3: return string()
            case 4, 5:
                let members = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                    string() + space() + ":" + space() + value(depth: depth + 1)
                }
                return "{" + space() + members.joined(separator: space() + "," + space()) + space() + "}"
            default:
                let elements = (0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth + 1) }
                return "[" + space() + elements.joined(separator: space() + "," + space()) + space() + "]"
            }
        }
    }

    @Test("members and elements are found where they are, whatever their strings hold")
    func extents() {
        var texts = Texts()
        for _ in 0..<500 {
            let elements = (0..<Int.random(in: 0...6, using: &texts.random)).map { _ in texts.value() }
            let other = texts.value()
            let array = "[" + texts.space() + elements.joined(separator: texts.space() + "," + texts.space()) + "]"
            let document =
                texts.space() + "{" + texts.space() + "\"other\"" + texts.space() + ":" + other + ","
                + texts.space() + "\"objects\":" + texts.space() + array + texts.space() + "}" + texts.space()
            let bytes = Array(document.utf8)
            let text = { (range: Range<Int>) in String(decoding: bytes[range], as: UTF8.self) }
            guard let members = JSONScan.members(bytes) else {
                Issue.record("not scanned: \(document)")
                continue
            }
            let found = members.map { ($0.key, text($0.value)) }
            let membersAgree = found.map(\.0) == ["other", "objects"] && found.map(\.1) == [other, array]
            #expect(membersAgree, "document \(document)")
            let scanned = JSONScan.elements(bytes, members[1].value)?.map(text)
            #expect(scanned == elements, "document \(document)")
        }
    }

    @Test("a string or an array left open is not scanned")
    func unterminated() {
        for text in ["{\"a\": \"abcdefghijklmnop", "{\"a\": [\"x\", {\"b\": \"]}]}\"", "{\"a\": \"\\\"}"] {
            #expect(JSONScan.members(Array(text.utf8)) == nil, "\(text)")
        }
    }
}
