import Foundation
import PluginAPI
import Testing

@testable import QueryEngine

/// The automaton answers what ICU's matcher answers, or hands the text to ICU.
@Suite("Regular expressions matched by the automaton")
struct RegexAutomatonTests {

    private static func automatonMatches(_ automaton: RegexAutomaton, _ text: String) -> Bool? {
        var text = text
        return text.withUTF8(automaton.matches(inUTF8:))
    }

    /// Pieces of random patterns: characters, classes and escapes the automaton reads.
    private static let atoms = [
        "a", "b", "c", "A", "1", "台", "ア", "-", " ", "\\.", ".", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "[abc]",
        "[^a]", "[a-c]", "[0-9]", "[^\\d]", "[\\w-]", "[ぁ-ん]", "[A-Za-z]", "[-a]", "[^\\sb]", "^", "$", "\\t",
    ]
    private static let quantifiers = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}", "*?", "+?", "??"]
    /// Pieces of random texts: ASCII, Japanese, full-width digits, the ideographic space, and
    /// characters handed to ICU (line terminators, the Kelvin sign and ß under `(?i)`, a
    /// character Unicode does not assign).
    private static let textPieces = [
        "a", "b", "c", "A", "B", "C", "1", "０", "５", "台", "ア", "ん", " ", "\u{3000}", "_", "-", ".", "K", "\u{212A}",
        "ß", "e\u{301}", "😀", "\n", "\u{378}", "\u{2028}", "é", "\t", "ab", "aab", "1234",
    ]

    /// A random pattern of up to `depth` nested groups.
    private static func randomPattern(_ random: inout SampleRandom, depth: Int) -> String {
        let alternatives = (0...random.pick([0, 0, 0, 1, 2])).map { _ in
            (0...random.pick([0, 1, 2, 3])).map { _ in
                let atom =
                    depth > 0 && random.next() % 5 == 0
                    ? random.pick(["(", "(?:"]) + randomPattern(&random, depth: depth - 1) + ")"
                    : random.pick(atoms)
                return atom + (atom == "^" || atom == "$" ? "" : random.pick(quantifiers))
            }.joined()
        }
        return alternatives.joined(separator: "|")
    }

    @Test("random patterns agree with ICU on random texts, and every text without a character left to ICU is answered")
    func randomPatterns() throws {
        var random = SampleRandom(seed: 17)
        var (answered, matched, patterns) = (0, 0, 0)
        for _ in 0..<5_000 {
            let flags = random.pick(["", "", "", "(?i)", "(?m)", "(?s)"])
            let pattern = flags + Self.randomPattern(&random, depth: 2)
            guard RegexCache.nestedRepetition(in: pattern) == nil, (try? NSRegularExpression(pattern: pattern)) != nil,
                let automaton = RegexAutomaton(pattern: pattern)
            else { continue }
            patterns += 1
            let leftToICU = ["\n", "\u{2028}"] + (flags == "(?i)" ? ["\u{212A}", "ß", "é"] : [])
            for _ in 0..<10 {
                let pieces = (0..<Int(random.next() % 9)).map { _ in random.pick(Self.textPieces) }
                let text = pieces.joined()
                guard let found = Self.automatonMatches(automaton, text) else {
                    #expect(pieces.contains(where: leftToICU.contains), "\(pattern) on \(text.debugDescription)")
                    continue
                }
                answered += 1
                if found { matched += 1 }
                #expect(try found == icuMatches(pattern, text), "\(pattern) on \(text.debugDescription)")
            }
        }
        #expect(patterns > 2_500, "\(patterns) patterns read")
        #expect(answered > 20_000 && matched > answered / 5, "\(answered) answered, \(matched) matches")
    }

    @Test("characters of every plane are classed by \\d, \\w, \\s and . as ICU classes them")
    func unicodeClasses() throws {
        for pattern in ["\\d", "\\w", "\\s", ".", "\\W", "[^\\d\\s]", "(?i)[a-z_]", "(?i)[^k]"] {
            let automaton = try #require(RegexAutomaton(pattern: pattern))
            let icu = try NSRegularExpression(pattern: pattern)
            var differing: [String] = []
            var answered = 0
            // Every character of the Basic Multilingual Plane, and every 13th beyond it.
            for value in Array(UInt32(0)...0xFFFF) + Array(stride(from: UInt32(0x1_0000), through: 0x10_FFFF, by: 13)) {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = String(Character(scalar))
                guard let found = Self.automatonMatches(automaton, text) else { continue }
                answered += 1
                let expected = icu.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                if found != expected { differing.append(String(value, radix: 16)) }
            }
            #expect(differing.isEmpty, "\(pattern): \(differing.prefix(20))")
            #expect(answered > 50_000, "\(pattern): \(answered) answered")
        }
    }

    @Test("patterns of random syntax characters are read without a crash, and agree with ICU when read")
    func syntaxSoup() throws {
        var random = SampleRandom(seed: 29)
        let characters = Array(#"()[]{}?*+|\^$.ab1,:<=!-ixdws台&"#).map(String.init)
        var read = 0
        for _ in 0..<20_000 {
            let pattern = (0..<Int(random.next() % 13)).map { _ in random.pick(characters) }.joined()
            guard RegexCache.nestedRepetition(in: pattern) == nil, (try? NSRegularExpression(pattern: pattern)) != nil,
                let automaton = RegexAutomaton(pattern: pattern)
            else { continue }
            read += 1
            for text in ["", "a", "ab", "AB1", "xa.b", "台ab", "-i,", "ba1:ab", "{1}", "[a]", "&&", "d w"] {
                guard let found = Self.automatonMatches(automaton, text) else { continue }
                #expect(try found == icuMatches(pattern, text), "\(pattern) on \(text)")
            }
        }
        #expect(read > 1_000, "\(read) patterns read")
    }

    @Test("what the automaton leaves to ICU: syntax it does not read, and texts it cannot decide for certain")
    func handedToICU() throws {
        for pattern in [
            "\\bTaiwan\\b", "(?=a)b", "(a)\\1", "a++", "(?>a)", "[[a]]", "[a&&b]", "\\p{L}", "(?x)a b", "a(?i)b",
            "\\x41", "[]a]", "[a-c-e]", "(?i)é", "a{1001}", "\\Qa\\E", "(x?y?)*?1", "(a|)+",
        ] {
            #expect(RegexAutomaton(pattern: pattern) == nil, "\(pattern)")
        }
        let digits = try #require(RegexAutomaton(pattern: "\\d{6}"))
        #expect(Self.automatonMatches(digits, "ref 123456") == true)
        #expect(Self.automatonMatches(digits, "（No.００００２）") == false)
        #expect(Self.automatonMatches(digits, "（No.０００００２）") == true)
        #expect(Self.automatonMatches(digits, "line\nbreak") == nil)
        #expect(Self.automatonMatches(digits, "unassigned \u{378} 123456") == true)
        // In multi-line mode `^` may match after a line break further on: such a text is ICU's
        // even when no thread is left before it.
        let lineStart = try #require(RegexAutomaton(pattern: "(?m)^break"))
        #expect(Self.automatonMatches(lineStart, "line\nbreak") == nil)
        #expect(Self.automatonMatches(lineStart, "no break") == false)
        let session = try Session()
        #expect(try session.value(#""line\nbreak" ~ "(?m)^break""#) == .bool(true))
        #expect(try session.value(#""line\nbreak" ~ "^break""#) == .bool(false))
        let folded = try #require(RegexAutomaton(pattern: "(?i)kelvin"))
        #expect(Self.automatonMatches(folded, "KELVIN") == true)
        #expect(Self.automatonMatches(folded, "\u{212A}elvin") == nil)
        #expect(Self.automatonMatches(folded, "ケルビン kelvin") == true)
    }

    @Test("a pattern whose matches end where the text does is read from the text's end, as ICU answers")
    func fromTheEnd() throws {
        for pattern in ["[0-9]+\\)$", "（No\\.\\d+）$", "(?:pdf|docx?)$", "^Re:.*\\d$", "\\s$|台湾$"] {
            let automaton = try #require(RegexAutomaton(pattern: pattern))
            for text in [
                "ref (000123)", "ref (000123) ", "日米同盟に関する勉強会のご案内（No.000002）", "（No.００２）", "a.pdf", "a.docx",
                "Re: 1", "Re: x", "会議 台湾", "台湾\u{3000}", "😀台湾", "", ")", "1)", "line\nbreak 1)",
            ] {
                #expect(
                    try Self.automatonMatches(automaton, text) == icuMatches(pattern, text),
                    "\(pattern) on \(text)")
            }
            // A line end at the text's end: `$` also matches before it, and ICU answers.
            #expect(Self.automatonMatches(automaton, "ref (1)\n") == nil, "\(pattern)")
        }
    }

    @Test("bytes that are not UTF-8 are left to ICU, read neither past the text's end nor before its start")
    func notUTF8() throws {
        let forwards = try #require(RegexAutomaton(pattern: "\\d{6}"))
        let backwards = try #require(RegexAutomaton(pattern: "x\\d$"))
        for bytes in [[0x61, 0xE3, 0x81] as [UInt8], [0x81, 0x81, 0x31], [0xF0], [0xC3]] {
            bytes.withUnsafeBufferPointer { buffer in
                #expect(forwards.matches(inUTF8: buffer) == nil || forwards.matches(inUTF8: buffer) == false)
                #expect(backwards.matches(inUTF8: buffer) == nil || backwards.matches(inUTF8: buffer) == false)
            }
        }
    }

    @Test("a pattern of more states than the automaton keeps forgets them, and still answers as ICU does")
    func manyStates() throws {
        // The thirteenth character from the end is an `a`: 8,192 states of the automaton.
        let pattern = "[ab]*a[ab]{12}$"
        let automaton = try #require(RegexAutomaton(pattern: pattern))
        var random = SampleRandom(seed: 5)
        for _ in 0..<300 {
            let text = String(
                (0..<(20 + Int(random.next() % 200))).map { _ in random.pick(["a", "b"] as [Character]) })
            #expect(try Self.automatonMatches(automaton, text) == icuMatches(pattern, text), "\(text)")
        }
    }

    @Test("a long text is matched in one pass, where ICU backtracks past its budget")
    func noBacktracking() throws {
        let session = try Session()
        let text = String(repeating: "a", count: 5_000)
        #expect(try session.value("\"\(text)bc\" ~ \"a*a*a*a*a*c\"") == .bool(true))
        #expect(try session.value("\"\(text)b\" ~ \"a*a*a*a*a*c$\"") == .bool(false))
        let automaton = try #require(RegexAutomaton(pattern: "(x+x+)+y"))
        #expect(Self.automatonMatches(automaton, String(repeating: "x", count: 100_000)) == false)
    }
}
