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

    @Test("an id is plain printable ASCII as byte by byte, with a telling byte anywhere in ids of any length")
    func printableIDs() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...24, using: &random)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0x21...0x7E, using: &random) }
            if count > 0, Bool.random(using: &random) {
                bytes[Int.random(in: 0..<count, using: &random)] = Self.telling.randomElement(using: &random)!
            }
            let plain = bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
            #expect(bytes.withUnsafeBufferPointer(ByteWord.arePrintableASCII) == plain, "\(bytes)")
        }
    }
}
