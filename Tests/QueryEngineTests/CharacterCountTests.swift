import Testing

@testable import QueryEngine

@Suite("len counts the characters String.count counts")
struct CharacterCountTests {
    @Test("texts of scalars that stand alone and texts where scalars join")
    func sameAsStringCount() {
        let texts = [
            "", "Re: Japan-U.S. Alliance symposium programme (ref 000001)", "日米同盟に関する勉強会のご案内（No.000002）",
            "caf\u{E9} — “draft” … ‰", "한국어", "ｶﾀｶﾅ", "line\nfeed", "tab\tand\u{7F}",
            // Scalars a neighbour joins: CR LF, combining marks, voicing marks, halfwidth voicing
            // marks, Hangul jamo, a zero-width joiner, emoji and their modifiers, flags.
            "line\r\nend", "cafe\u{301}", "\u{304B}\u{3099}", "\u{FF76}\u{FF9E}", "\u{1100}\u{1161}\u{11A8}",
            "\u{D55C}\u{11AB}", "a\u{200D}b", "👩\u{200D}👩\u{200D}👧", "👍🏽", "🇯🇵🇹🇼", "\u{0E01}\u{0E33}", "क्षि",
            "a\u{302A}", "\u{2000}x",
            // After runs of ASCII of eight bytes and more, read eight at a time.
            "a line of plain text\r\nend", "abcdefgh\r\n", "abcdefg\r\n", "abcdefgh\u{301}", "sixteen bytes ok\u{3099}",
        ]
        for text in texts {
            #expect(CharacterCount.of(text) == text.count, "\(text.unicodeScalars.map { $0.value })")
            #expect(CharacterCount.of(text + "日米" + text) == (text + "日米" + text).count)
        }
    }
}
