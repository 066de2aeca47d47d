import IncidentGraph

/// `lower(text)` and `upper(text)`, as `String.lowercased()` and `uppercased()` give them, made
/// from the text's UTF-8 bytes when every character is one whose case is changed byte by byte:
/// ASCII, whose letters are folded, and characters no case change touches — the CJK symbols,
/// kana and ideographs (U+3000–U+9FFF) and the full-width forms but their letters (U+FF00–U+FFEF).
/// Japanese subjects are made so with no call to the Unicode case tables (`lures | sort
/// lower(subject) | take 3` on 333,333 subjects, half of them Japanese: 209 → 101 ms); any other
/// text goes to them.
enum CaseChange {
    /// The text in lower case.
    static func lowered(_ text: String) -> String {
        changed(text, upper: false) ?? text.lowercased()
    }

    /// The text in upper case.
    static func raised(_ text: String) -> String {
        changed(text, upper: true) ?? text.uppercased()
    }

    /// Whether no case change touches `scalar` but the folding of an ASCII letter, as
    /// ``changed(_:upper:)`` takes it.
    static func changesByteByByte(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x80, 0x3000...0x9FFF, 0xFF00...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFFEF: true
        default: false
        }
    }

    /// The text with its ASCII letters folded (the text itself when it has none to fold); nil
    /// when it holds a character beyond those ``changesByteByByte(_:)`` takes.
    private static func changed(_ text: String, upper: Bool) -> String? {
        var utf8 = text
        return utf8.withUTF8 { bytes -> String? in
            // The letters that change, and the bit that changes them.
            let (first, last) = upper ? (UInt8(ascii: "a"), UInt8(ascii: "z")) : (UInt8(ascii: "A"), UInt8(ascii: "Z"))
            var index = 0
            var folds = false
            var ascii = true
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    folds = folds || (byte >= first && byte <= last)
                    index += 1
                    continue
                }
                // Three-byte characters only: E3–E9 lead U+3000–U+9FFF; EF BC/BD/BE/BF lead
                // U+FF00–U+FFFF, whose letters (FF21–FF3A, FF41–FF5A) and specials are refused.
                ascii = false
                guard index + 2 < bytes.count else { return nil }
                let (second, third) = (bytes[index + 1], bytes[index + 2])
                switch byte {
                case 0xE3...0xE9: break
                case 0xEF:
                    let scalar = 0xF000 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
                    guard let known = Unicode.Scalar(scalar), changesByteByByte(known), scalar >= 0xFF00 else {
                        return nil
                    }
                default: return nil
                }
                index += 3
            }
            guard folds else { return text }  // nothing to change
            // Folding ASCII letters keeps the text's UTF-8 valid: its string is made without
            // checking it again.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { out in
                for (offset, byte) in bytes.enumerated() {
                    out[offset] = byte >= first && byte <= last ? byte ^ 0x20 : byte
                }
                return UTF8Text.string(checked: UnsafeBufferPointer(out), ascii: ascii)
            }
        }
    }
}
