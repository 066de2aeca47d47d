/// A strict JSON parser over UTF-8 bytes that reports the offset of the first error.
///
/// Foundation's parsers give no usable position and are slow on large files; this one keeps
/// the offset of every value and refuses nesting deeper than ``maximumDepth`` instead of
/// exhausting the stack on hostile input.
package struct JSONParser {
    /// A syntax error at a byte offset.
    package struct SyntaxError: Error, Sendable {
        /// Byte offset of the offending character.
        package let offset: Int
        /// What was expected or what is wrong.
        package let message: String
    }

    /// Deepest nesting of arrays and objects accepted.
    package static let maximumDepth = 256

    /// The text, borrowed for the duration of one `parse` (no reference counting per byte read).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    private let end: Int

    /// Parses exactly one JSON value in `bytes[range]`, allowing white space around it.
    package static func parse(_ bytes: [UInt8], in range: Range<Int>? = nil) throws(SyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(SyntaxError) in
            try parse(buffer, in: range ?? 0..<buffer.count)
        }
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, in range: Range<Int>) throws(SyntaxError)
        -> JSONValue
    {
        var parser = JSONParser(bytes: buffer, position: range.lowerBound, end: range.upperBound)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.end else {
            throw SyntaxError(offset: parser.position, message: "expected the end of the value, found more text")
        }
        return value
    }

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> JSONValue {
        guard position < end else {
            throw SyntaxError(offset: position, message: "expected a value, found the end of the input")
        }
        let start = position
        switch bytes[position] {
        case UInt8(ascii: "{"): return JSONValue(offset: start, content: try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return JSONValue(offset: start, content: try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return JSONValue(offset: start, content: .string(try parseString()))
        case UInt8(ascii: "t"): try expectWord("true"); return JSONValue(offset: start, content: .bool(true))
        case UInt8(ascii: "f"): try expectWord("false"); return JSONValue(offset: start, content: .bool(false))
        case UInt8(ascii: "n"): try expectWord("null"); return JSONValue(offset: start, content: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONValue(offset: start, content: try parseNumber())
        default:
            throw SyntaxError(offset: position, message: "expected a value, found \(describeCurrent())")
        }
    }

    private mutating func parseObject(depth: Int) throws(SyntaxError) -> JSONValue.Content {
        try checkDepth(depth)
        position += 1
        var members: [JSONValue.Member] = []
        members.reserveCapacity(8)  // records have a handful of members; one allocation, not four
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < end, bytes[position] == UInt8(ascii: "\"") else {
                throw SyntaxError(
                    offset: position, message: "expected a quoted member name, found \(describeCurrent())")
            }
            let key = try parseString()
            skipWhitespace()
            try expect(":", "after a member name")
            skipWhitespace()
            members.append(JSONValue.Member(key: key, value: try parseValue(depth: depth)))
            skipWhitespace()
            guard position < end else {
                throw SyntaxError(offset: position, message: "expected `,` or `}`, found the end of the input")
            }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw SyntaxError(
                offset: position, message: "expected `,` or `}` after a member, found \(describeCurrent())")
        }
    }

    private mutating func parseArray(depth: Int) throws(SyntaxError) -> JSONValue.Content {
        try checkDepth(depth)
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard position < end else {
                throw SyntaxError(offset: position, message: "expected `,` or `]`, found the end of the input")
            }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            throw SyntaxError(
                offset: position, message: "expected `,` or `]` after an element, found \(describeCurrent())")
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        let start = position
        position += 1
        var buffer: [UInt8]?
        var runStart = position
        while true {
            guard position < end else { throw SyntaxError(offset: start, message: "this string is never closed") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 {
                throw SyntaxError(
                    offset: position, message: "control character in a string (write it as an escape such as \\n)")
            }
            if byte == UInt8(ascii: "\\") {
                var escaped = buffer ?? []
                escaped.append(contentsOf: bytes[runStart..<position])
                try parseEscape(into: &escaped)
                buffer = escaped
                runStart = position
                continue
            }
            position += 1
        }
        let text: String?
        if var escaped = buffer {
            escaped.append(contentsOf: bytes[runStart..<position])
            text = String(validating: escaped, as: UTF8.self)
        } else if bytes[runStart..<position].allSatisfy({ $0 < 0x80 }) {
            // ASCII is valid UTF-8: no validation needed.
            text = String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<position]), as: UTF8.self)
        } else {
            text = String(validating: UnsafeBufferPointer(rebasing: bytes[runStart..<position]), as: UTF8.self)
        }
        position += 1
        guard let text else { throw SyntaxError(offset: start, message: "this string is not valid UTF-8") }
        return text
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(SyntaxError) {
        let escapeStart = position
        position += 1
        guard position < end else { throw SyntaxError(offset: escapeStart, message: "unfinished escape sequence") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(letter)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHexQuad(escapeStart)
            if (0xD800..<0xDC00).contains(scalar) {
                guard position + 1 < end, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else {
                    throw SyntaxError(
                        offset: escapeStart, message: "a high surrogate escape must be followed by a low surrogate")
                }
                position += 2
                let low = try parseHexQuad(escapeStart)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw SyntaxError(offset: escapeStart, message: "invalid surrogate pair")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw SyntaxError(offset: escapeStart, message: "escape \\u names no Unicode character")
            }
            buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw SyntaxError(offset: escapeStart, message: "unknown escape `\\\(Character(Unicode.Scalar(letter)))`")
        }
    }

    private mutating func parseHexQuad(_ escapeStart: Int) throws(SyntaxError) -> UInt32 {
        guard position + 4 <= end else { throw SyntaxError(offset: escapeStart, message: "\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw SyntaxError(offset: escapeStart, message: "\\u needs four hex digits")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws(SyntaxError) -> JSONValue.Content {
        let start = position
        var isInteger = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        while position < end, isDigit(bytes[position]) { position += 1 }
        guard position > digitsStart else { throw SyntaxError(offset: start, message: "expected digits after `-`") }
        if bytes[digitsStart] == UInt8(ascii: "0"), position - digitsStart > 1 {
            throw SyntaxError(offset: start, message: "numbers must not have leading zeros")
        }
        if position < end, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            let fractionStart = position
            while position < end, isDigit(bytes[position]) { position += 1 }
            guard position > fractionStart else {
                throw SyntaxError(offset: start, message: "expected digits after the decimal point")
            }
        }
        if position < end, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < end, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            let exponentStart = position
            while position < end, isDigit(bytes[position]) { position += 1 }
            guard position > exponentStart else {
                throw SyntaxError(offset: start, message: "expected digits in the exponent")
            }
        }
        if isInteger, position - start <= 18 {
            var integer = 0
            for byte in bytes[(bytes[start] == UInt8(ascii: "-") ? start + 1 : start)..<position] {
                integer = integer * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return .int(bytes[start] == UInt8(ascii: "-") ? -integer : integer)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger, let integer = Int(text) { return .int(integer) }
        guard let number = Double(text), number.isFinite else {
            throw SyntaxError(offset: start, message: "number `\(text)` is out of range")
        }
        return .double(number)
    }

    private mutating func expectWord(_ word: String) throws(SyntaxError) {
        let utf8 = Array(word.utf8)
        guard position + utf8.count <= end, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw SyntaxError(offset: position, message: "expected a value, found \(describeCurrent())")
        }
        position += utf8.count
    }

    private mutating func expect(_ character: Character, _ context: String) throws(SyntaxError) {
        guard position < end, bytes[position] == character.asciiValue else {
            throw SyntaxError(
                offset: position, message: "expected `\(character)` \(context), found \(describeCurrent())")
        }
        position += 1
    }

    private func checkDepth(_ depth: Int) throws(SyntaxError) {
        guard depth <= Self.maximumDepth else {
            throw SyntaxError(offset: position, message: "nested deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func describeCurrent() -> String {
        guard position < end else { return "the end of the input" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "`\(Character(Unicode.Scalar(byte)))`" }
        return byte < 0x80 ? "byte 0x\(String(byte, radix: 16))" : "a non-ASCII character"
    }
}
