/// Eight bytes of text read as one word, to look for a few bytes eight at a time: the JSON
/// readers skip the runs of a string or a record that hold none of the bytes they stop at.
struct ByteWord {
    let bits: UInt64

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `position` of `bytes` (which has eight there), the first in the
    /// lowest bits.
    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) {
        bits = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self))
    }

    /// Whether one of the bytes is `byte`.
    @inline(__always)
    func holds(_ byte: UInt8) -> Bool {
        Self.hasZeroByte(bits ^ (Self.ones &* UInt64(byte)))
    }

    /// Whether one of the bytes is 0x80 or above (not ASCII).
    @inline(__always)
    var holdsNonASCII: Bool { bits & Self.highs != 0 }

    /// Whether one of the first `count` bytes (0–7) is 0x80 or above.
    @inline(__always)
    func holdsNonASCII(before count: Int) -> Bool {
        bits & Self.highs & ((1 << (8 * UInt64(count))) &- 1) != 0
    }

    /// Where the first byte that ends a JSON string's plain run is (0–7): a quote, a backslash
    /// or a control character; nil when there is none. Each test marks the first byte it
    /// finds exactly (bytes after it may be marked wrongly), so the lowest mark is the one.
    @inline(__always)
    var firstStringStop: Int? {
        let marks =
            Self.zeroBytes(bits ^ (Self.ones &* UInt64(UInt8(ascii: "\""))))
            | Self.zeroBytes(bits ^ (Self.ones &* UInt64(UInt8(ascii: "\\"))))
            | Self.controlBytes(bits)
        return marks == 0 ? nil : marks.trailingZeroBitCount / 8
    }

    /// Whether one of the bytes is a bracket or a brace, `[`, `]`, `{` or `}` (never false when
    /// one is; true for a few control characters too).
    @inline(__always)
    var mayHoldBracket: Bool {
        let folded = ByteWord(bits: bits | Self.ones &* 0x20)  // `[` → `{`, `]` → `}`
        return folded.holds(UInt8(ascii: "{")) || folded.holds(UInt8(ascii: "}"))
    }

    /// Whether every one of `bytes` is printable ASCII other than the space (0x21–0x7E),
    /// eight at a time: an id that is needs no closer look.
    static func arePrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 8 <= bytes.count {
            let word = ByteWord(bytes, at: index)
            // Bytes under 0x21, 0x7F, and bytes from 0x80 on (each test exact as to whether
            // any byte fails it).
            let below = (word.bits &- ones &* 0x21) & ~word.bits & highs
            if below | zeroBytes(word.bits ^ (ones &* 0x7F)) | word.bits & highs != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            guard bytes[index] > 0x20, bytes[index] < 0x7F else { return false }
            index += 1
        }
        return true
    }

    private init(bits: UInt64) {
        self.bits = bits
    }

    @inline(__always)
    private static func hasZeroByte(_ value: UInt64) -> Bool {
        zeroBytes(value) != 0
    }

    /// The high bit of each byte of `value` under 0x20 (a control character) set, and perhaps
    /// of bytes after one.
    @inline(__always)
    private static func controlBytes(_ value: UInt64) -> UInt64 {
        (value &- ones &* 0x20) & ~value & highs
    }

    /// The high bit of each zero byte of `value` set, and perhaps of bytes after one.
    @inline(__always)
    private static func zeroBytes(_ value: UInt64) -> UInt64 {
        (value &- ones) & ~value & highs
    }
}
