import Foundation

/// One `String` for the equal texts of a column as it is read: a long text repeated on most
/// rows (`spearphishing-attachment` on 800,000 incidents) is then stored once instead of once
/// per row. Texts of up to 15 UTF-8 bytes are kept inside the string value and need no sharing;
/// a column whose long texts rarely repeat (subjects, names) is given up on after its first
/// thousand distinct ones, so it costs no more than reading it plainly.
package struct TextInterner {
    /// The shortest text Swift stores outside the string value.
    private static let shortestShared = 16
    /// Distinct texts kept before the interner judges whether they repeat.
    private static let capacity = 1_024
    /// Texts by ``IDHash`` of their bytes, in an open-addressing table of twice `capacity`
    /// slots made when the first long text is read (a second text of the same hash is not
    /// shared): a lookup hashes the bytes once, with no dictionary's own hashing.
    private var slots: [(hash: UInt64, text: String)?] = []
    private var count = 0
    private var repeats = 0
    private var givenUp = false
    private let seed = IDHash.seed

    /// An interner that has shared no text yet.
    package init() {}

    /// The text of `bytes`, shared with an equal one read before; bytes that are not UTF-8 are
    /// replaced as `String(decoding:as:)` replaces them.
    package mutating func text(_ bytes: UnsafeRawBufferPointer) -> String {
        text(bytes.assumingMemoryBound(to: UInt8.self)) { String(decoding: $0, as: UTF8.self) }
    }

    /// The text of `bytes`, which are UTF-8 checked already (``UTF8Text/isValid(_:)``), or all
    /// ASCII when `ascii` says so: the string is made without checking them again.
    package mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, checked ascii: Bool) -> String {
        text(bytes) { UTF8Text.string(checked: $0, ascii: ascii) }
    }

    /// The text of `bytes`, made by `make` when it is not shared.
    private mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) -> String)
        -> String
    {
        guard bytes.count >= Self.shortestShared, !givenUp else { return make(bytes) }
        let bytes = UnsafeRawBufferPointer(bytes)
        if slots.isEmpty { slots = Array(repeating: nil, count: 2 * Self.capacity) }
        let hash = IDHash.of(bytes, seed: seed)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while let kept = slots[slot], kept.hash != hash { slot = (slot + 1) & (slots.count - 1) }
        if var known = slots[slot]?.text,
            known.withUTF8({ $0.count == bytes.count && memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
        {
            repeats += 1
            return known
        }
        let text = make(bytes.assumingMemoryBound(to: UInt8.self))
        if count < Self.capacity {
            if slots[slot] == nil {
                slots[slot] = (hash, text)
                count += 1
            }
        } else if repeats < count {
            givenUp = true
            slots = []
        }
        return text
    }
}
