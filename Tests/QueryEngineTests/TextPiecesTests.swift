import Foundation
import PluginAPI
import Testing

@testable import QueryEngine

/// `trim` and `split` worked out on bytes give Foundation's pieces, scalar for scalar.
@Suite("trim and split as Foundation gives them")
struct TextPiecesTests {
    /// Pieces of random texts: ASCII, Japanese, full-width forms, white space of several kinds,
    /// and characters that join the one before them or equal another (CR LF, combining marks,
    /// voiced sound marks, the Kelvin sign, an emoji with a variation selector).
    private static let pieces = [
        "a", "b", "Re:", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{3000}", "\u{A0}", "\u{85}", "\u{2028}", "台湾",
        "が", "か\u{3099}", "ｶﾞ", "（", "）", "-", ",", "e\u{301}", "é", "\u{212A}", "K", "\u{3030}\u{FE0F}", "😀",
        "\u{200B}", "\u{302A}", "１", ";", "\u{37E}", "\u{301}",
    ]
    private static let separators = [" ", ",", "-", "Re:", "a", "\n", "\r\n", "K", ";", "aa", "台", "é"]

    private static func scalars(_ texts: [String]) -> [[UInt32]] {
        texts.map { $0.unicodeScalars.map(\.value) }
    }

    @Test("white space is the set Foundation trims, for every character of every plane")
    func spaceSet() {
        var differing: [String] = []
        for value in UInt32(0)...0x10_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let trimmedAway = String(Character(scalar)).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if trimmedAway != TextPieces.isSpace(scalar) { differing.append(String(value, radix: 16)) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(20))")
    }

    @Test("random texts are trimmed and split as Foundation does, and most splits are worked out on bytes")
    func randomTexts() {
        var random = SampleRandom(seed: 23)
        var (split, byBytes) = (0, 0)
        for _ in 0..<20_000 {
            let text = (0..<Int(random.next() % 10)).map { _ in random.pick(Self.pieces) }.joined()
            #expect(
                Self.scalars([TextPieces.trimmed(text)])
                    == Self.scalars([text.trimmingCharacters(in: .whitespacesAndNewlines)]),
                "\(text.debugDescription)")
            let separator = random.pick(Self.separators)
            split += 1
            guard let pieces = TextPieces.split(text, by: separator) else { continue }
            byBytes += 1
            #expect(
                Self.scalars(pieces) == Self.scalars(text.components(separatedBy: separator)),
                "\(text.debugDescription) by \(separator.debugDescription)")
        }
        #expect(byBytes > split / 10, "\(byBytes) of \(split) split on bytes")
    }

    @Test("one piece and the count of pieces of random texts are Foundation's, where the text is split on bytes")
    func pieceAndCount() {
        var random = SampleRandom(seed: 29)
        var byBytes = 0
        for _ in 0..<20_000 {
            let text = (0..<Int(random.next() % 10)).map { _ in random.pick(Self.pieces) }.joined()
            let written = random.pick(Self.separators)
            let index = Int(random.next() % 6)
            guard let separator = TextPieces.Separator(written) else {
                #expect(TextPieces.split(text, by: written) == nil)
                continue
            }
            let expected = text.components(separatedBy: written)
            let (piece, count) = (separator.piece(of: text, at: index), separator.pieceCount(of: text))
            #expect((piece == nil) == (count == nil) && (count == nil) == (TextPieces.split(text, by: written) == nil))
            guard let piece, let count else { continue }
            byBytes += 1
            #expect(count == expected.count, "\(text.debugDescription) by \(written.debugDescription)")
            #expect(
                piece.map { Self.scalars([$0]) } == (index < expected.count ? Self.scalars([expected[index]]) : nil),
                "\(text.debugDescription) by \(written.debugDescription) at \(index)")
        }
        #expect(byBytes > 2_000, "\(byBytes) split on bytes")
    }

    @Test("texts of ASCII and Japanese are split on bytes; CR LF, joining marks and non-ASCII separators are not")
    func whatIsSplitOnBytes() {
        #expect(TextPieces.split("Re: 台湾情勢について（速報）", by: " ") == ["Re:", "台湾情勢について（速報）"])
        #expect(TextPieces.split("a,,b,", by: ",") == ["a", "", "b", ""])
        #expect(TextPieces.split("aaa", by: "aa") == ["", "a"])
        #expect(TextPieces.split("x\r\ny", by: "\n") == nil)
        #expect(TextPieces.split("Re: one two\r\nthree four", by: "\n") == nil)
        #expect(TextPieces.split("か\u{3099} x", by: " ") == nil)
        #expect(TextPieces.split("a \u{301}b", by: " ") == nil)
        #expect(TextPieces.split("\u{212A}", by: "K") == nil)
        #expect(TextPieces.split("台湾", by: "台") == nil)
        #expect(TextPieces.trimmed("  Re: x\u{3000}") == "Re: x")
        #expect(TextPieces.trimmed("\u{200B}x\u{200C} ") == "x\u{200C}")
    }
}
