/// Where the members of a JSON object and the elements of an array lie in the bytes, found
/// without building their values: a large graph document or STIX bundle is then decoded one
/// record at a time instead of as one tree (a 512 MB `.json` file took 5.5 GB as a tree). Any
/// text this scanner does not understand gives nil, and the caller parses it whole for the
/// exact syntax error.
package enum JSONScan {
    /// The members of the object at the start of `bytes` (after white space): each key and the
    /// byte range of its value.
    package static func members(_ bytes: [UInt8]) -> [(key: String, value: Range<Int>)]? {
        bytes.withUnsafeBufferPointer { members($0) }
    }

    /// The byte ranges of the elements of the array that occupies `range`.
    package static func elements(_ bytes: [UInt8], _ range: Range<Int>) -> [Range<Int>]? {
        bytes.withUnsafeBufferPointer { elements($0, range) }
    }

    private static func members(_ bytes: UnsafeBufferPointer<UInt8>) -> [(key: String, value: Range<Int>)]? {
        var index = skipSpace(bytes, 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index = skipSpace(bytes, index + 1)
        var members: [(String, Range<Int>)] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return members }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\""), let keyEnd = skipString(bytes, index),
                let key = String(validating: bytes[(index + 1)..<(keyEnd - 1)], as: UTF8.self),
                !key.contains("\\")
            else { return nil }
            index = skipSpace(bytes, keyEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            let start = skipSpace(bytes, index + 1)
            guard let end = skipValue(bytes, start) else { return nil }
            members.append((key, start..<end))
            index = skipSpace(bytes, end)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "}") {
                // Nothing but white space may follow the document.
                return skipSpace(bytes, index + 1) == bytes.count ? members : nil
            }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpace(bytes, index + 1)
        }
        return nil
    }

    private static func elements(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Range<Int>]? {
        var index = range.lowerBound
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "[") else { return nil }
        index = skipSpace(bytes, index + 1)
        var elements: [Range<Int>] = []
        if index < range.upperBound, bytes[index] == UInt8(ascii: "]") { return elements }
        while index < range.upperBound {
            guard let end = skipValue(bytes, index) else { return nil }
            elements.append(index..<end)
            index = skipSpace(bytes, end)
            guard index < range.upperBound else { return nil }
            if bytes[index] == UInt8(ascii: "]") { return elements }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpace(bytes, index + 1)
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// The index after the string that starts at `start` (a quote).
    private static func skipString(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            // Eight bytes at a time while none is a quote or a backslash.
            while index + 8 <= bytes.count {
                let word = ByteWord(bytes, at: index)
                if word.holds(UInt8(ascii: "\"")) || word.holds(UInt8(ascii: "\\")) { break }
                index += 8
            }
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    /// The index after the value that starts at `start`: brackets counted, strings skipped
    /// whole, a scalar up to the next delimiter. The parser checks the value itself later.
    private static func skipValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return skipString(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                // Eight bytes at a time while none is a quote, a bracket or a brace.
                while index + 8 <= bytes.count {
                    let word = ByteWord(bytes, at: index)
                    if word.holds(UInt8(ascii: "\"")) || word.mayHoldBracket { break }
                    index += 8
                }
                guard index < bytes.count else { return nil }
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let end = skipString(bytes, index) else { return nil }
                    index = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < bytes.count, !isSpace(bytes[index]),
                bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}"), bytes[index] != UInt8(ascii: "]")
            {
                index += 1
            }
            return index > start ? index : nil
        }
    }
}
