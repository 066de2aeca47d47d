/// The Unicode scalars of UTF-8 text, read from its bytes with no `String` made: quick checks
/// of a text's scalars (is it surely in NFC? is each scalar a character by itself?).
public enum UTF8Scalars {
    /// How many scalars `utf8` (valid UTF-8) holds when `accepts` takes every one of them; nil
    /// at the first one it does not.
    @inlinable
    public static func count(_ utf8: UnsafeBufferPointer<UInt8>, accepting accepts: (UInt32) -> Bool) -> Int? {
        var index = 0
        var scalars = 0
        while index < utf8.count {
            let lead = utf8[index]
            scalars += 1
            if lead < 0x80 {
                guard accepts(UInt32(lead)) else { return nil }
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
