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
        // Texts of scalars that are in NFC wherever they stand (byte numbers stand), then
        // beside them one that is not, which a string equates with another: a Kelvin sign with
        // K, an Ohm sign with omega, a compatibility ideograph with its unified one, kana and a
        // combining voicing mark with voiced kana, a Hangul syllable and a jamo with a syllable,
        // an en quad with an en space.
        let standing = ["日米同盟に関する勉強会のご案内（No.000002）", "Re: symposium — “draft” …", "한국", "ｶﾞ", "K", "が", "豈"]
        check(standing)
        for others in [
            ["\u{212A}"], ["\u{3A9}", "\u{2126}"], ["\u{F900}"], ["\u{304B}\u{3099}"],
            ["\u{D558}\u{11AB}", "\u{D55C}"],
            ["\u{2002}", "\u{2000}"],
        ] {
            check(standing + others + standing + others)
        }
    }

    @Test("the quick check says yes only for text whose every scalar is in NFC wherever it stands")
    func quickCheck() {
        func surely(_ text: String) -> Bool {
            var text = text
            return text.withUTF8(UnicodeScalarsInNFC.surelyHold)
        }
        #expect(surely("spearphishing caf\u{E9} 日米 台湾 ー・「」（） 한국 ｶﾞ"))
        // ASCII before, of less than eight bytes, of eight, between: runs of it are passed over
        // a word at a time, and the scalar after them is still read.
        for ascii in ["a", "abcdefg", "abcdefgh", "Re: symposium", String(repeating: "x", count: 24)] {
            #expect(surely(ascii + "日米" + ascii))
            for scalar in [
                "\u{301}", "\u{212A}", "\u{2126}", "\u{F900}", "\u{3099}", "\u{302A}", "\u{1161}", "\u{2000}",
            ] {
                #expect(!surely(ascii + scalar), "\(ascii) \(scalar.unicodeScalars.first!.value)")
                #expect(!surely(ascii + "日" + ascii + scalar + ascii), "\(ascii) \(scalar.unicodeScalars.first!.value)")
            }
        }
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
