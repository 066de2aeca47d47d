/// The Unicode scalars of UTF-8 text, read from its bytes with no `String` made: quick checks
/// of a text's scalars (is it surely in NFC? is each scalar a character by itself?).
public enum UTF8Scalars {
    /// How many scalars `utf8` (valid UTF-8) holds when `accepts` takes every one of them; nil
    /// at the first one it does not. `accepts` takes every ASCII scalar but `refusedASCII` (none
    /// when nil), and is not asked about them: runs of eight such bytes are passed over at once.
    @inlinable
    public static func count(
        _ utf8: UnsafeBufferPointer<UInt8>, refusedASCII: UInt8? = nil, accepting accepts: (UInt32) -> Bool
    ) -> Int? {
        let (ones, highs): (UInt64, UInt64) = (0x0101_0101_0101_0101, 0x8080_8080_8080_8080)
        // A word with a zero byte where the refused byte is.
        let refusal = refusedASCII.map { ones &* UInt64($0) }
        var index = 0
        var scalars = 0
        while index < utf8.count {
            if index + 8 <= utf8.count, let base = utf8.baseAddress {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let refused = refusal.map { ((word ^ $0) &- ones) & ~(word ^ $0) & highs != 0 } ?? false
                if word & highs == 0, !refused {
                    index += 8
                    scalars += 8
                    continue
                }
            }
            let lead = utf8[index]
            scalars += 1
            if lead < 0x80 {
                guard lead != refusedASCII else { return nil }
                index += 1
                continue
            }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + length <= utf8.count else { return nil }
            var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length { scalar = scalar << 6 | UInt32(utf8[index + offset] & 0x3F) }
            guard accepts(scalar) else { return nil }
            index += length
        }
        return scalars
    }
}
