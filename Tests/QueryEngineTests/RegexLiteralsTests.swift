import Foundation
import Testing

@testable import QueryEngine

/// The texts a regular expression cannot match without answer only what ICU's matcher answers.
@Suite("Regular expressions answered from their literal texts")
struct RegexLiteralsTests {

    @Test("no character beyond ASCII matches ASCII letters ignoring case unless it is one the reading sends to ICU")
    func caseFoldingBeyondASCII() throws {
        let letters = try NSRegularExpression(pattern: "(?i)(?:[a-z]|ss|st|ff|fi|fl|ffi|ffl)")
        var missed: [String] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), !RegexLiterals.foldsToASCII(scalar) else { continue }
            let text = String(Character(scalar))
            if letters.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                missed.append(String(format: "U+%04X", value))
            }
        }
        #expect(missed.isEmpty, "\(missed.prefix(20))")
        // And the ones it lists do match (the list is not wider than it must be by much).
        #expect(try icuMatches("(?i)k", "\u{212A}") && icuMatches("(?i)ss", "ß"))
    }

    @Test("a text's bytes hold a character that folds to ASCII exactly when its characters do")
    func foldingReadFromBytes() {
        var wrong: [String] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            // Alone, after a two-, three- and four-byte character (read a character at a time),
            // and before one and an ASCII letter.
            for text in [
                String(scalar), "é" + String(scalar), "台" + String(scalar), "😀" + String(scalar), String(scalar) + "台a",
            ] {
                var utf8 = text
                let fromBytes = utf8.withUTF8 { RegexLiterals.holdsFoldingToASCII($0) }
                if fromBytes != text.unicodeScalars.contains(where: RegexLiterals.foldsToASCII) {
                    wrong.append(String(format: "U+%04X", value))
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
        // After runs of ASCII of every length (read eight bytes at a time), and in a longer text.
        for scalar in ["\u{212A}", "ß", "ﬁ", "\u{130}", "\u{1E9E}", "\u{17F}"] {
            for count in 0...19 {
                var text = String(repeating: "a", count: count) + scalar + "bc"
                #expect(text.withUTF8 { RegexLiterals.holdsFoldingToASCII($0) }, "\(count) \(scalar)")
                var plain = String(repeating: "a", count: count) + "台bc"
                #expect(!plain.withUTF8 { RegexLiterals.holdsFoldingToASCII($0) }, "\(count)")
            }
        }
    }

    @Test("a run is found in a text ignoring the case of ASCII letters only")
    func runsIgnoringCase() throws {
        let literals = try #require(RegexLiterals(pattern: "(?i)tai-wan@jp"))
        #expect(literals.plain)
        for (text, found) in [
            ("TAI-WAN@JP", true), ("xx Tai-Wan@jp", true), ("tai-wan@jp!", true), ("tai\rwan@jp", false),
            ("TAI-WAN@J", false), ("taI-waN@Jp and more", true), ("tai-wan`jp", false),
        ] {
            #expect(literals.match(in: text) == found, "\(text)")
        }
    }

    @Test("a run after ^ is a match at the start of a text only, and in multi-line mode is left to the matcher")
    func runsAtTheStart() throws {
        let reply = try #require(RegexLiterals(pattern: "^Re:|台湾"))
        let folded = try #require(RegexLiterals(pattern: "(?i)^re:"))
        for (text, exact, ignoringCase) in [
            ("Re: symposium", true, true), ("RE: symposium", false, true), ("Fwd: Re: x", false, false),
            ("Re", false, false), ("", false, false), ("x 台湾", true, false), (" Re:", false, false),
        ] {
            #expect(reply.match(in: text) == exact, "\(text)")
            #expect(folded.match(in: text) == ignoringCase, "\(text)")
        }
        // After a line's end `^` matches too in multi-line mode: the matcher is asked.
        let lines = try #require(RegexLiterals(pattern: "(?m)^Re:"))
        #expect(lines.match(in: "x\nRe: y") == nil)
    }

    @Test("a run is found at every place of a longer text, in either case, and not where one byte differs")
    func runsAtEveryPlace() throws {
        let folded = try #require(RegexLiterals(pattern: "(?i)taiwan"))
        let exact = try #require(RegexLiterals(pattern: "Taiwan|台湾"))
        let filler = Array("the quick brown fox: 日米同盟 & t-a-i (tai) wan..".utf8)
        for length in [6, 7, 8, 9, 15, 16, 17, 40] {
            for place in 0...(length - 6) {
                var bytes = Array(filler.prefix(length))
                for (variant, expected) in [
                    ("Taiwan", (true, true)), ("TAIWAN", (true, false)), ("taiwaN", (true, false)),
                ] {
                    bytes.replaceSubrange(place..<place + 6, with: Array(variant.utf8))
                    let text = String(decoding: bytes, as: UTF8.self)
                    #expect(folded.match(in: text) == expected.0, "\(text)")
                    #expect(exact.match(in: text) == expected.1, "\(text)")
                    // The same text with one byte of the run changed (`a` to `@`, whose case bit
                    // makes a backquote, not an `a`) holds no run.
                    var broken = bytes
                    broken[place + 1] = UInt8(ascii: "@")
                    let brokenText = String(decoding: broken, as: UTF8.self)
                    #expect(folded.match(in: brokenText) == false, "\(brokenText)")
                }
            }
        }
    }

    @Test(
        "the runs read from patterns",
        arguments: [
            ("taiwan", ["taiwan"], false, true), ("(?i)\\bTaiwan\\b", ["taiwan"], true, false),
            ("MirrorFace|LODEINFO", ["MirrorFace", "LODEINFO"], false, true), ("ab*cd", ["cd"], false, false),
            ("ab+cd", ["ab"], false, false), ("x{0,2}yz", ["yz"], false, false), ("(?:ab)+c", ["c"], false, false),
            ("台湾.*侵入", ["台湾"], false, false), ("\\.jp$", [".jp"], false, false),
            ("^Re:", ["Re:"], false, true), ("^Re:|台湾", ["Re:", "台湾"], false, true),
            ("(?m)^Re:", ["Re:"], false, false), ("^Re: .", ["Re: "], false, false), ("a^b", ["a"], false, false),
            // Japanese ignoring case (it has none); a pattern that is one group.
            ("(?i)台湾", ["台湾"], true, true), ("(taiwan|台湾)", ["taiwan", "台湾"], false, true),
            ("(?i)(?:Taiwan|台湾)", ["taiwan", "台湾"], true, true), ("(a|b)c", ["c"], false, false),
        ])
    func runs(pattern: String, runs: [String], caseInsensitive: Bool, plain: Bool) throws {
        let literals = try #require(RegexLiterals(pattern: pattern))
        #expect(literals.runs == runs.map { Array($0.utf8) })
        #expect(literals.caseInsensitive == caseInsensitive && literals.plain == plain)
    }

    @Test(
        "patterns it does not read give no runs",
        arguments: [
            "a|b*", "(?x)a b", "a(?i)b", "\\Qa\\E", "\\x41", "\\p{L}", "[]a]", "(a", "a{,2}", ".*", "(?i)ΣΑΣ", "a\\1",
            "(?=a)b", "", "(a|b)+", "(?<n>ab)", "(?i)(é|台湾)",
        ])
    func unread(pattern: String) {
        #expect(RegexLiterals(pattern: pattern) == nil)
    }

    @Test("on random patterns and texts, every answer from the runs is ICU's")
    func randomPatterns() throws {
        var random = SystemRandomNumberGenerator()
        let pieces = [
            "a", "b", "T", "tai", "wan", "台湾", "日米", "-", " ", ".", "\\.", "\\b", "\\d", "[a-c]", "[^x]", "(?:ab)",
            "(a|b)", "^", "$", "s", "k", "fi", "i",
        ]
        let quantifiers = ["", "", "", "*", "+", "?", "{2}", "{0,1}", "{1,}", "+?"]
        let textPieces = [
            "a", "B", "Tai", "WAN", "tAiWaN", "台湾", "日米", "-", " ", ".", "1", "s", "ß", "ſ", "\u{212A}", "ﬁ", "İ", "ı",
            "K",
            "x", "ab",
        ]
        var answered = 0
        var plainAnswers = 0
        let plainPieces = ["a", "b", "T", "tai", "wan", "台湾", "日米", "-", " ", "s", "k", "fi", "i"]
        for _ in 0..<1_000 {
            // A third of the patterns are plain characters only, which a text's runs answer whole.
            let plain = Int.random(in: 0..<3, using: &random) == 0
            var pattern = ["", "", "(?i)", "(?m)", "(?im)"].randomElement(using: &random)!
            var alternatives: [String] = []
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                // Now and then anchored at the start.
                var alternative = Int.random(in: 0..<3, using: &random) == 0 ? "^" : ""
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    alternative +=
                        plain
                        ? plainPieces.randomElement(using: &random)!
                        : pieces.randomElement(using: &random)! + quantifiers.randomElement(using: &random)!
                }
                alternatives.append(alternative)
            }
            // Now and then as one group.
            let group = ["", "", "", "(", "(?:"].randomElement(using: &random)!
            pattern += group + alternatives.joined(separator: "|") + (group.isEmpty ? "" : ")")
            guard let literals = RegexLiterals(pattern: pattern), (try? NSRegularExpression(pattern: pattern)) != nil
            else { continue }
            for _ in 0..<12 {
                var parts = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                    textPieces.randomElement(using: &random)!
                }
                // Now and then an alternative written into the text (without its `^`, at the start
                // as often as not), its letters' case changed.
                if Bool.random(using: &random), let written = alternatives.randomElement(using: &random) {
                    let alternative = written.hasPrefix("^") ? String(written.dropFirst()) : written
                    let cased = Bool.random(using: &random) ? alternative.uppercased() : alternative
                    let place = Bool.random(using: &random) ? 0 : Int.random(in: 0...parts.count, using: &random)
                    parts.insert(cased, at: place)
                }
                let text = parts.joined()
                guard let found = literals.match(in: text) else { continue }
                answered += 1
                if found { plainAnswers += 1 }
                #expect(try found == icuMatches(pattern, text), "\(pattern) on \(text)")
            }
        }
        #expect(answered > 1_500 && plainAnswers > 500, "\(answered) answered, \(plainAnswers) matches")
    }

    @Test("patterns of random syntax characters are read without a crash, and agree with ICU when read")
    func syntaxSoup() throws {
        var random = SystemRandomNumberGenerator()
        let characters = Array(#"()[]{}?*+|\^$.ab1,:<=!-ix台 "#).map(String.init)
        var read = 0
        for _ in 0..<5_000 {
            let pattern = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                characters.randomElement(using: &random)!
            }.joined()
            guard let literals = RegexLiterals(pattern: pattern), (try? NSRegularExpression(pattern: pattern)) != nil
            else { continue }
            read += 1
            for text in ["", "a", "ab", "AB1", "xa.b", "台ab", "-i,", "ba1:ab"] {
                guard let found = literals.match(in: text) else { continue }
                #expect(try found == icuMatches(pattern, text), "\(pattern) on \(text)")
            }
        }
        #expect(read > 100, "\(read) patterns read")
    }
}
