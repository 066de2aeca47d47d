import Testing

@testable import QueryEngine

@Suite("lower and upper give what String.lowercased and uppercased give")
struct CaseChangeTests {
    @Test("every character taken byte by byte beyond ASCII keeps its case; ASCII letters fold")
    func charactersTakenByteByByte() {
        let taken = (0x80...0x10FFFF).compactMap(Unicode.Scalar.init).filter(CaseChange.changesByteByByte)
        #expect(taken.count > 20_000)
        let changed = taken.filter { scalar in
            let text = String(Character(scalar))
            return text.lowercased() != text || text.uppercased() != text
        }
        #expect(changed.isEmpty, "\(changed.map(\.value))")
    }

    @Test("texts of ASCII, Japanese and full-width forms, and texts beyond them, byte for byte")
    func sameAsStringCaseChange() {
        let texts = [
            "", "Re: Japan-U.S. Alliance symposium programme (ref 000001)", "日米同盟に関する勉強会のご案内（No.000002）",
            "【ご案内】日米同盟シンポジウム（No.000013）", "ＡＢＣ ａｂｃ Taiwan", "台湾ＴＡＩＷＡＮ", "caf\u{E9} CAFE\u{301}",
            "STRA\u{DF}E \u{FB01}le \u{131}\u{130}", "ΣΑΣ", "한국어 Hangul", "ｶﾀｶﾅ ﾊﾟ", "\u{1F44D}\u{1F3FD} ok",
            "already lower",
            "ALREADY UPPER", "数字123と記号!?", "\u{3000}全角スペース", "jazz ZULU az AZ",
            // Letters just past the ideographs (Cyrillic, Cherokee) and before them (Glagolitic, Latin,
            // circled).
            "\u{A640} Az", "\u{AB70} Az", "\u{2C00} zA", "\u{1E00} zA", "\u{24B6} zA",
        ]
        for text in texts {
            #expect(Array(CaseChange.lowered(text).utf8) == Array(text.lowercased().utf8), "\(text)")
            #expect(Array(CaseChange.raised(text).utf8) == Array(text.uppercased().utf8), "\(text)")
            // Made from bytes: the strings count their characters and scalars as the others do.
            for (changed, expected) in [
                (CaseChange.lowered(text), text.lowercased()), (CaseChange.raised(text), text.uppercased()),
            ] {
                #expect(changed.count == expected.count, "\(text)")
                #expect(changed.unicodeScalars.count == expected.unicodeScalars.count, "\(text)")
                #expect(changed.reversed().elementsEqual(expected.reversed()), "\(text)")
            }
        }
    }
}
