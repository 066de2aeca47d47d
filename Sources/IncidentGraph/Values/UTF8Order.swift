import Foundation

/// The order of texts by their UTF-8 bytes, which is the order of their Unicode scalars: the
/// order ``Value`` gives texts and node ids.
public enum UTF8Order {
    /// Whether the text `a` comes before `b`: by the first byte where they differ, else the
    /// shorter first.
    @inlinable
    public static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        order(a, b) < 0
    }

    /// -1, 0 or 1 as the text `a` comes before `b`, is it or comes after it.
    @inlinable
    public static func order(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let shared = min(a.count, b.count)
        if shared > 0, let first = a.baseAddress, let second = b.baseAddress {
            let order = memcmp(first, second, shared)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : a.count < b.count ? -1 : 1
    }

    /// The first eight bytes of a text as one big-endian number, zero after its end: when two
    /// texts' numbers differ, they order the texts as their bytes do (a sort compares them
    /// first, and the bytes only on a tie).
    @inlinable
    public static func leadingWord(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if text.count >= 8, let start = text.baseAddress {
            return UInt64(bigEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
        }
        var word: UInt64 = 0
        for offset in 0..<8 { word = word << 8 | (offset < text.count ? UInt64(text[offset]) : 0) }
        return word
    }
}
