import IncidentGraph
import Testing

@Suite("Texts ordered by their UTF-8 bytes")
struct UTF8OrderTests {
    @Test(
        "the three-way order of two texts is that of their bytes, and precedes agrees: texts of shared starts, NUL bytes and beyond ASCII"
    )
    func threeWayOrder() {
        let texts = [
            "", "a", "ab", "abc", "abd", "a\u{0}", "a\u{0}b", "inc-0900000", "inc-0900001", "inc-09", "inc-1",
            "inc-0900000x", "台湾", "台湾事務所", "é", "e\u{301}", "\u{7F}", "ｚ",
        ]
        for a in texts {
            for b in texts {
                let (bytesA, bytesB) = (Array(a.utf8), Array(b.utf8))
                let expected = bytesA == bytesB ? 0 : bytesA.lexicographicallyPrecedes(bytesB) ? -1 : 1
                let (order, precedes) = bytesA.withUnsafeBufferPointer { x in
                    bytesB.withUnsafeBufferPointer { y in (UTF8Order.order(x, y), UTF8Order.precedes(x, y)) }
                }
                #expect(order == expected, "\(a.debugDescription) against \(b.debugDescription)")
                #expect(precedes == (expected < 0), "\(a.debugDescription) against \(b.debugDescription)")
            }
        }
    }
}
