import Foundation
import QuerySyntax
import Testing

@Suite("Diagnostics render with a caret under the span")
struct DiagnosticTests {
    @Test("the caret sits under the span on its own line")
    func caret() {
        let diagnostic = Diagnostic(
            SyntaxDiagnostic.expected, message: "unknown source `incident`", span: SourceSpan(start: 0, end: 8),
            hint: "did you mean `incidents`?")
        #expect(
            diagnostic.rendered(source: "incident") == """
                error: unknown source `incident`
                  1 | incident
                    | ^^^^^^^^ did you mean `incidents`?
                """)
    }

    @Test("on a terminal, a hint too long for the caret's line goes under it, broken between words")
    func hintFitsTheTerminal() {
        let diagnostic = Diagnostic(
            SyntaxDiagnostic.expected, message: "kind `incident` has no property or link `phase`",
            span: SourceSpan(start: 21, end: 26),
            hint: "`classify phases` adds a `phase` column; `campaign` nodes have one")
        let source = "incidents | count by phase"
        #expect(
            diagnostic.rendered(source: source, width: 50) == """
                error: kind `incident` has no property or link `phase`
                  1 | incidents | count by phase
                    |                      ^^^^^
                    | hint: `classify phases` adds a `phase`
                    |   column; `campaign` nodes have one
                """)
        // Wide enough, or not a terminal: on the caret's line, as before.
        #expect(diagnostic.rendered(source: source, width: 120) == diagnostic.rendered(source: source))
        #expect(
            diagnostic.rendered(source: source).hasSuffix(
                "^^^^^ `classify phases` adds a `phase` column; `campaign` nodes have one"))
        let unplaced = Diagnostic(
            SyntaxDiagnostic.expected, message: "m", span: nil, hint: String(repeating: "word ", count: 20))
        #expect(unplaced.rendered(source: "", width: 40).split(separator: "\n").allSatisfy { $0.count <= 40 })
    }

    @Test("wide characters before and under the span count two columns")
    func wideCharacters() {
        let source = "lures\n| where subject == 日米同盟x"
        let start = Array(source).firstIndex(of: "日") ?? 0
        let diagnostic = Diagnostic(
            SyntaxDiagnostic.expected, message: "m", span: SourceSpan(start: start, end: start + 4))
        #expect(
            diagnostic.rendered(source: source) == """
                error: m
                  2 | | where subject == 日米同盟x
                    |                    ^^^^^^^^
                """)
    }

    @Test("a very long line is shown as a window around the span")
    func longLine() {
        let source = String(repeating: "a", count: 1000) + " wher " + String(repeating: "b", count: 1000)
        let diagnostic = Diagnostic(SyntaxDiagnostic.expected, message: "m", span: SourceSpan(start: 1001, end: 1005))
        let lines = diagnostic.rendered(source: source).split(separator: "\n")
        #expect(
            lines[1] == "  1 | …" + String(repeating: "a", count: 39) + " wher " + String(repeating: "b", count: 79)
                + "…")
        #expect(lines[2] == "    | " + String(repeating: " ", count: 41) + "^^^^")
    }

    @Test("a very long span is shown cut, with carets as far as it is shown")
    func longSpan() {
        let source = "@" + String(repeating: "x", count: 1000)
        let diagnostic = Diagnostic(SyntaxDiagnostic.expected, message: "m", span: SourceSpan(start: 0, end: 1001))
        let lines = diagnostic.rendered(source: source).split(separator: "\n")
        #expect(lines[1] == "  1 | @" + String(repeating: "x", count: 79) + "…")
        #expect(lines[2] == "    | " + String(repeating: "^", count: 80))
    }

    @Test("display widths of Japanese, ASCII and combining text")
    func widths() {
        #expect(TextWidth.of("会議室の予約について") == 20)
        #expect(TextWidth.of("Think tank 07") == 13)
        #expect(TextWidth.of("ｱｲｳ") == 3)
        #expect(TextWidth.of("e\u{301}") == 1)
        #expect(TextWidth.truncate("日米同盟に関する勉強会", toWidth: 9) == "日米同盟…")
    }

    @Test("a text's width is its characters' widths, ASCII with control characters and CR LF included")
    func widthsByCharacter() {
        // Every text of up to four of these pieces: ASCII, read byte by byte, and pieces that
        // are not, at any place (after ASCII the whole text is read by character).
        let pieces = ["a", " ", "\r", "\n", "\u{7F}", "\u{1}", "~", "e\u{301}", "日"]
        var texts = [""]
        var longest = [""]
        for _ in 1...4 {
            longest = longest.flatMap { text in pieces.map { text + $0 } }
            texts += longest
        }
        for text in texts {
            #expect(TextWidth.of(text) == text.reduce(0) { $0 + TextWidth.of($1) }, "\(text.debugDescription)")
        }
    }
}

@Suite("Many errors")
struct ManyErrorsTests {
    @Test("a statement with hundreds of errors shows ten and counts the rest")
    func capped() {
        let source = String(repeating: "! ", count: 300)
        let diagnostics = Parser.parse(source).diagnostics
        #expect(diagnostics.count >= 300)
        let text = Diagnostic.render(diagnostics, source: source)
        #expect(text.components(separatedBy: "error: ").count - 1 == 10)
        #expect(text.hasSuffix("… and \(diagnostics.count - 10) more errors"))
    }
}
