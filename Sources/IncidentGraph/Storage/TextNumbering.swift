import Foundation

/// Texts numbered by their UTF-8 bytes, in order of first appearance: each text is hashed once
/// (``IDHash``) and found in an open-addressing table whose texts' bytes are kept one after the
/// other, so that numbering a million rows of a few texts hashes no `String` and makes none.
/// Equal bytes are equal texts; `String` equality also equates canonically equivalent texts
/// (`é` as one scalar or two), which ``merged()`` then joins.
struct TextNumbering {
    /// Each slot holds the number + 1 of the text filed there; 0 is an empty slot. There are
    /// always at least twice as many slots as texts.
    private var slots = [Int32](repeating: 0, count: 64)
    /// Each text's hash, by number.
    private var hashes: [UInt64] = []
    /// The texts' bytes, one after the other: text `n`'s are `bytes[ends[n - 1] ..< ends[n]]`.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    /// The texts, by number.
    private(set) var texts: [String] = []

    /// The number of `text`: the one an equal text was given before, or the next.
    mutating func number(of text: String) -> Int32 {
        var utf8Text = text
        return utf8Text.withUTF8 { utf8 in number(of: UnsafeRawBufferPointer(utf8), text) }
    }

    private mutating func number(of utf8: UnsafeRawBufferPointer, _ text: String) -> Int32 {
        let hash = IDHash.of(utf8)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let number = Int(slots[slot] - 1)
            if hashes[number] == hash, holds(number, utf8) { return Int32(number) }
            slot = (slot + 1) & mask
        }
        let number = texts.count
        slots[slot] = Int32(number + 1)
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
        slots = [Int32](repeating: 0, count: 2 * slots.count)
        let mask = slots.count - 1
        for (number, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number + 1)
        }
    }

    /// The texts numbered by `String` equality, in order of first appearance (each number's
    /// text the first of its equals), and the number each byte-numbered text gets among them.
    func merged() -> (texts: [String], numberOf: [Int32]) {
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
