import Foundation

/// Texts numbered by their UTF-8 bytes, in order of first appearance: each text is hashed once
/// (``IDHash``) and found in an open-addressing table whose texts' bytes are kept one after the
/// other, so that numbering a million rows of a few texts hashes no `String` and makes none.
/// Equal bytes are equal texts; `String` equality also equates canonically equivalent texts
/// (`é` as one scalar or two), which ``merged()`` then joins.
package struct TextNumbering {
    /// Each slot holds the number + 1 of the text filed there in its low 32 bits, the high 32
    /// bits of its hash in the others: a text of another hash is passed over with no other
    /// memory read. 0 is an empty slot. There are always at least twice as many slots as texts.
    private var slots = [UInt64](repeating: 0, count: 64)
    /// Each text's hash, by number.
    private var hashes: [UInt64] = []
    /// The texts' bytes, one after the other: text `n`'s are `bytes[ends[n - 1] ..< ends[n]]`.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    /// The texts, by number.
    package private(set) var texts: [String] = []

    /// The texts' UTF-8 bytes by number, one after the other.
    var utf8: TextBytes { TextBytes(bytes: bytes, ends: ends) }

    /// No text numbered yet.
    package init() {}

    /// The number of `text`: the one an equal text was given before, or the next.
    package mutating func number(of text: String) -> Int32 {
        var utf8Text = text
        return utf8Text.withUTF8 { utf8 in number(of: UnsafeRawBufferPointer(utf8), text) }
    }

    private mutating func number(of utf8: UnsafeRawBufferPointer, _ text: String) -> Int32 {
        let hash = IDHash.of(utf8)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let number = Int(truncatingIfNeeded: slots[slot] & 0xFFFF_FFFF) - 1
            if slots[slot] >> 32 == hash >> 32, holds(number, utf8) { return Int32(number) }
            slot = (slot + 1) & mask
        }
        let number = texts.count
        slots[slot] = Self.slot(number, hash)
        hashes.append(hash)
        bytes.append(contentsOf: utf8)
        ends.append(bytes.count)
        texts.append(text)
        if 2 * texts.count > slots.count { grow() }
        return Int32(number)
    }

    /// Whether text `number`'s bytes are `utf8`.
    private func holds(_ number: Int, _ utf8: UnsafeRawBufferPointer) -> Bool {
        let start = number == 0 ? 0 : ends[number - 1]
        guard ends[number] - start == utf8.count else { return false }
        return bytes.withUnsafeBytes { kept in
            utf8.isEmpty || memcmp(kept.baseAddress! + start, utf8.baseAddress!, utf8.count) == 0
        }
    }

    /// Twice the slots, each text filed again by the hash it keeps.
    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: 2 * slots.count)
        let mask = slots.count - 1
        for (number, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Self.slot(number, hash)
        }
    }

    /// The slot of text `number` of hash `hash`.
    private static func slot(_ number: Int, _ hash: UInt64) -> UInt64 {
        hash & 0xFFFF_FFFF_0000_0000 | UInt64(number + 1)
    }

    /// The texts numbered by `String` equality, in order of first appearance (each number's
    /// text the first of its equals), and the number each byte-numbered text gets among them.
    ///
    /// Texts already in Unicode normal form C are equal as strings only when their bytes are
    /// (two texts are canonically equivalent when their NFC forms are the same): when every
    /// text surely is (``UnicodeScalarsInNFC``), the byte numbers stand, and no text is hashed
    /// as a `String`, which normalizes a text that is not ASCII as it hashes it.
    func merged() -> (texts: [String], numberOf: [Int32]) {
        if bytes.withUnsafeBufferPointer(UnicodeScalarsInNFC.surelyHold) {
            return (texts, Array(0..<Int32(texts.count)))
        }
        var numbers: [String: Int32] = [:]
        var distinct: [String] = []
        let numberOf = texts.map { text in
            if let known = numbers[text] { return known }
            let number = Int32(distinct.count)
            numbers[text] = number
            distinct.append(text)
            return number
        }
        return (distinct, numberOf)
    }
}

/// A quick check that UTF-8 text is in Unicode normal form C, which says yes only for text of
/// scalars that stand as they are in any text (NFC quick check "yes", combining class 0), from
/// blocks where every scalar does: ASCII, Latin and the like below the combining diacritics
/// (U+0300), the General Punctuation after its spaces (U+2010–U+205E), CJK symbols but their
/// tone marks, kana but the combining voicing marks (U+3099, U+309A), CJK ideographs, Hangul
/// syllables, and the halfwidth and fullwidth forms. It says no for anything else, NFC or not.
package enum UnicodeScalarsInNFC {
    /// Whether every scalar of `utf8` (valid UTF-8) is one that is in NFC in any text (every
    /// ASCII scalar is).
    package static func surelyHold(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        UTF8Scalars.count(utf8, accepting: standsAsItIs) != nil
    }

    /// Whether every scalar of `text` is one that is in NFC in any text: then no other text is
    /// equal to it as a Swift `String` (canonically equivalent) but one of the same bytes.
    package static func surelyHold(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(surelyHold)
    }

    private static func standsAsItIs(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3030...0x3098, 0x309B...0x30FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFFEF:
            true
        default: false
        }
    }
}
