import IncidentGraph

/// The number of characters of a text, as `String.count` counts them (extended grapheme
/// clusters, what `len` gives): read from its UTF-8 bytes as the number of Unicode scalars
/// when every scalar is a character by itself wherever it stands, and by `String.count`
/// otherwise. A scalar stands alone when no rule of Unicode's grapheme clusters (UAX #29) joins
/// it to a scalar before or after it: those of the blocks taken here — ASCII but the carriage
/// return (which joins a line feed), Latin and the like below the combining diacritics
/// (U+0300), the General Punctuation after its spaces and joiners (U+2010–U+2027,
/// U+2030–U+205E), CJK symbols but their tone marks, kana but the combining voicing marks, CJK
/// ideographs, Hangul syllables (no jamo), and the fullwidth and halfwidth forms before the
/// halfwidth voicing marks (U+FF01–U+FF9D).
enum CharacterCount {
    /// The number of characters of `text`.
    static func of(_ text: String) -> Int {
        var text = text
        return text.withUTF8(scalarsStandingAlone) ?? text.count
    }

    /// How many scalars `utf8` (valid UTF-8) holds when each stands alone; nil otherwise.
    static func scalarsStandingAlone(_ utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        UTF8Scalars.count(utf8, refusedASCII: 0x0D) { scalar in
            switch scalar {
            case 0x80..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3030...0x3098,
                0x309B...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF9D:
                true
            default: false
            }
        }
    }
}
