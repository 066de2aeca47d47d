import Testing

@testable import IncidentGraph

@Suite("Short runs of bytes compared a word at a time")
struct ShortBytesTests {
    @Test("runs of every length up to 40 are equal when every byte is, and unequal when any one differs")
    func everyLengthAndPlace() {
        let first = (0..<48).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for count in 0...40 {
            #expect(Self.equal(first, first, count: count), "\(count) equal bytes")
            for place in 0..<count {
                var second = first
                second[place] ^= 0x20
                #expect(!Self.equal(first, second, count: count), "\(count) bytes, byte \(place) differs")
            }
            // A byte after the run is not compared.
            var after = first
            after[count] ^= 0x01
            #expect(Self.equal(first, after, count: count), "\(count) bytes, the byte after differs")
        }
    }

    private static func equal(_ first: [UInt8], _ second: [UInt8], count: Int) -> Bool {
        first.withUnsafeBytes { a in
            second.withUnsafeBytes { b in ShortBytes.equal(a.baseAddress!, b.baseAddress!, count: count) }
        }
    }
}
