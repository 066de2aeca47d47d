import Foundation

/// A subject as the scorer reads it: NFKC-normalised (full-width Latin and half-width
/// katakana folded to their usual forms), case-folded, with reply and forward prefixes
/// (`Re:`, `Fw:`, `転送:`) stripped and remembered. 【…】 brackets are kept: they are a cue.
struct LureText: Equatable {
    /// The normalised text.
    let text: String
    /// Whether a reply or forward prefix was stripped.
    let wasReplyOrForward: Bool

    /// Longest text read; a 1 MB subject is cut, not scanned in full.
    static let maximumLength = 4096

    init(_ raw: String) {
        var text = Self.folded(raw.utf8.count <= Self.maximumLength ? raw : String(raw.prefix(Self.maximumLength)))
        var stripped = false
        while true {
            let trimmed = text.drop { $0.isWhitespace }
            guard let prefix = Self.prefixes.first(where: { trimmed.utf8.starts(with: $0.utf8) }) else {
                text = String(trimmed)
                break
            }
            text = String(trimmed.dropFirst(prefix.count))
            stripped = true
        }
        self.text = text
        wasReplyOrForward = stripped
    }

    /// NFKC and case folding. The characters of most subjects are folded here directly —
    /// ASCII, full-width ASCII (`ＴＡＩＷＡＮ`, `（`, `：`), the ideographic space, kana, the
    /// common kanji and Japanese punctuation — and anything else (half-width katakana, circled
    /// numbers, accented capitals) goes through Foundation, which costs more than the rest of
    /// scoring put together.
    private static func folded(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var input = text.utf8.makeIterator()
        while let lead = input.next() {
            if lead < 0x80 {
                bytes.append((0x41...0x5A).contains(lead) ? lead + 0x20 : lead)
                continue
            }
            // Three-byte sequences cover U+0800…U+FFFF, where all the directly folded ones are.
            guard lead & 0xF0 == 0xE0, let second = input.next(), let third = input.next() else {
                return text.precomposedStringWithCompatibilityMapping.lowercased()
            }
            let value = UInt32(lead & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
            switch value {
            case 0xFF01...0xFF5E:  // full-width ASCII
                let ascii = UInt8(value - 0xFEE0)
                bytes.append((0x41...0x5A).contains(ascii) ? ascii + 0x20 : ascii)
            case 0x3000: bytes.append(0x20)  // ideographic space
            case 0x3001...0x3002, 0x300C...0x3011, 0x3041...0x3096, 0x30A1...0x30FC, 0x4E00...0x9FFF:
                bytes.append(contentsOf: [lead, second, third])
            default:
                return text.precomposedStringWithCompatibilityMapping.lowercased()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text as terms are matched in it: English words start after a space (ASCII
    /// punctuation becomes a space, and a space parts ASCII letters from other characters), so
    /// an English term matches at the start of a word — `russia` in `russian`, not in
    /// `belarussian` — while Japanese, which has no spaces, matches anywhere.
    static func matchable(_ text: String) -> String {
        var bytes: [UInt8] = [0x20]
        var previousASCIIWord = false
        for byte in text.utf8 {
            let asciiWord = (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte)
            if byte < 0x80, !asciiWord {
                if bytes.last != 0x20 { bytes.append(0x20) }
                previousASCIIWord = false
                continue
            }
            // Between an ASCII word and another script (a lead byte ≥ 0xC0), a space.
            if asciiWord != previousASCIIWord, byte < 0x80 || byte >= 0xC0, bytes.last != 0x20 { bytes.append(0x20) }
            bytes.append(byte)
            if byte < 0x80 || byte >= 0xC0 { previousASCIIWord = asciiWord }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A lexicon term as ``matchable(_:)`` writes it: an English term starts at a word, any
    /// other term matches anywhere.
    static func matchableTerm(_ term: String) -> String {
        let spaced = matchable(term)
        let startsWithWord = term.utf8.first.map { (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) } ?? false
        let trimmed = startsWithWord ? Substring(spaced) : spaced.drop { $0 == " " }
        return String(trimmed.reversed().drop { $0 == " " }.reversed())
    }

    /// Reply and forward prefixes after normalisation (`ＲＥ：` has become `re:`).
    private static let prefixes = ["re:", "fw:", "fwd:", "転送:", "返信:", "re :", "fw :"]
}
