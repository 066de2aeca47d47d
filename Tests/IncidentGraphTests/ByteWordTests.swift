import Testing

@testable import IncidentGraph

/// The JSON readers find where a string's plain run stops eight bytes at a time; these tests
/// hold the word tests to the byte-by-byte answer.
@Suite("Eight bytes tested at once")
struct ByteWordTests {
    /// Bytes that stop a string's plain run or that words get wrong most easily.
    private static let telling: [UInt8] = [
        0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA2, 0xDC, 0xE3, 0xFF,
    ]

    @Test("the first quote, backslash or control character, and non-ASCII bytes before it, as byte by byte")
    func stringStops() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            let bytes = (0..<8).map { _ in
                Bool.random(using: &random)
                    ? Self.telling.randomElement(using: &random)! : UInt8.random(in: 0x20...0x7E, using: &random)
            }
            let word = bytes.withUnsafeBufferPointer { ByteWord($0, at: 0) }
            let stop = bytes.firstIndex { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
            #expect(word.firstStringStop == stop, "\(bytes)")
            for count in 0..<8 {
                #expect(word.holdsNonASCII(before: count) == bytes[..<count].contains { $0 >= 0x80 }, "\(bytes)")
            }
            if word.firstStringStop != stop { return }
        }
    }
}
