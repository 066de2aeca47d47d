import Testing

@testable import IncidentGraph

@Suite("Texts numbered by their bytes, then joined as Swift strings equate them")
struct TextNumberingTests {
    /// Numbers as a dictionary of Swift strings gives them: by `String` equality, in order of
    /// first appearance.
    private func numberedByEquality(_ texts: [String]) -> (texts: [String], numbers: [Int32]) {
        var numbers: [String: Int32] = [:]
        var distinct: [String] = []
        let numbered = texts.map { text in
            if let known = numbers[text] { return known }
            numbers[text] = Int32(distinct.count)
            distinct.append(text)
            return Int32(distinct.count - 1)
        }
        return (distinct, numbered)
    }

    @Test("joined numbers are a dictionary of strings' numbers: texts written two ways, empty and many included")
    func sameAsDictionary() {
        check(["spearphishing-attachment", "vpn", "", "spearphishing-attachment", "vpn", "", "台湾", "台湾"])
        check(["caf\u{E9}", "cafe\u{301}", "cafe", "caf\u{E9}", "e\u{301}が\u{3099}", "\u{E9}\u{304C}\u{3099}"])
        // Enough distinct texts for the table to grow several times, each met three times.
        check((0..<4_500).map { "subject \($0 % 1_500) 日米" })
    }

    private func check(_ texts: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var numbering = TextNumbering()
        let byBytes = texts.map { numbering.number(of: $0) }
        // Equal bytes, one number; different bytes, different numbers.
        var byteNumbers: [[UInt8]: Int32] = [:]
        for (text, number) in zip(texts, byBytes) {
            #expect(byteNumbers[Array(text.utf8), default: number] == number, sourceLocation: sourceLocation)
            byteNumbers[Array(text.utf8)] = number
        }
        #expect(Set(byteNumbers.values).count == byteNumbers.count, sourceLocation: sourceLocation)
        let (joined, numberOf) = numbering.merged()
        let expected = numberedByEquality(texts)
        #expect(joined.map { Array($0.utf8) } == expected.texts.map { Array($0.utf8) }, sourceLocation: sourceLocation)
        #expect(byBytes.map { numberOf[Int($0)] } == expected.numbers, sourceLocation: sourceLocation)
    }
}
