import Foundation

/// `trim(text)` and `split(text, separator)` as Foundation's `trimmingCharacters(in:
/// .whitespacesAndNewlines)` and `components(separatedBy:)` give them, worked out on the text's
/// UTF-8 bytes where that gives the same pieces: Foundation's took 2.5–4 µs a text (`lures |
/// where trim(subject) starts with "Re:"` on 333,333 subjects: 901 ms).
enum TextPieces {
    /// The text without the white space and line ends at either end, scalar by scalar as
    /// Foundation trims: the set `whitespacesAndNewlines` (general categories Zs, Zl and Zp,
    /// U+0009–U+000D, U+0085, and the zero-width space U+200B). A text that starts and ends
    /// with none is itself.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return text }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
            let end = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[start...end])
    }

    /// Whether Foundation's `whitespacesAndNewlines` holds `scalar`.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// The pieces of `text` between the occurrences of `separator`, found byte by byte, when
    /// that finds what Foundation's `components(separatedBy:)` finds comparing characters
    /// (grapheme clusters, canonically equivalent ones equal): an ASCII separator without a
    /// carriage return, in a text of ASCII without one (`\r\n` is one character) and of CJK
    /// symbols, kana, ideographs and full-width forms that do not join the character before
    /// them (not the voiced sound marks U+3099–U+309A, U+FF9E–U+FF9F, nor the tone marks
    /// U+302A–U+302F). Nil for any other text or separator.
    static func split(_ text: String, by separator: String) -> [String]? {
        let needle = Array(separator.utf8)
        guard !needle.isEmpty, needle.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            guard splitsByBytes(bytes) else { return nil }
            var pieces: [String] = []
            var start = 0
            var index = 0
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0], needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) {
                    pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    index += needle.count
                    start = index
                } else {
                    index += 1
                }
            }
            pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return pieces
        }
    }

    /// Whether every character of the UTF-8 text is one ``split(_:by:)`` splits byte by byte.
    private static func splitsByBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead == 0x0D { return false }
                index += 1
                continue
            }
            // Three-byte characters only: U+3000–U+9FFF lead E3–E9, U+FF00–U+FFEF EF BC–BF.
            guard lead >= 0xE3, lead <= 0xEF, index + 2 < bytes.count else { return false }
            let value =
                UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            switch value {
            case 0x302A...0x302F, 0x3099, 0x309A, 0xFF9E, 0xFF9F: return false
            case 0x3000...0x9FFF, 0xFF00...0xFFEF: break
            default: return false
            }
            index += 3
        }
        return true
    }
}
