/// An error in a statement: a stable code, a message, where it is, and how to fix it.
///
/// One type serves every stage from the lexer to execution, and one formatter prints it
/// with the offending source line and a caret under the span.
public struct Diagnostic: Error, Hashable, Sendable {
    /// Stable code, `domain.name` (`source.unknown`, `command.unknown`): a case of a
    /// ``DiagnosticCatalogue``, for `:help`, docs and tests.
    public let code: String
    /// What went wrong, naming the offending text in backquotes.
    public let message: String
    /// Where in the statement; `nil` when the whole statement is meant.
    public let span: SourceSpan?
    /// A likely fix ("did you mean `incidents`?"), printed after the caret.
    public let hint: String?

    /// A diagnostic of a catalogued code.
    public init(_ code: some DiagnosticCatalogue, message: String, span: SourceSpan?, hint: String? = nil) {
        self.init(code: code.code, message: message, span: span, hint: hint)
    }

    private init(code: String, message: String, span: SourceSpan?, hint: String?) {
        self.code = code
        self.message = message
        self.span = span
        self.hint = hint
    }

    /// The same problem told again with another message, place or hint (`in stage …:`).
    public func retold(message: String, span: SourceSpan?, hint: String?) -> Diagnostic {
        Diagnostic(code: code, message: message, span: span, hint: hint)
    }

    /// The same diagnostic in a longer text where its statement starts `offset` characters in.
    public func shifted(by offset: Int) -> Diagnostic {
        retold(
            message: message, span: span.map { SourceSpan(start: $0.start + offset, end: $0.end + offset) }, hint: hint)
    }

    /// Characters of a long line shown before the span.
    static let contextBefore = 40
    /// Characters of a long line shown after the start of the span.
    static let contextAfter = 80

    /// The diagnostic as the analyst reads it:
    ///
    ///     error: unknown source `incident`
    ///       1 | incident | take 3
    ///         | ^^^^^^^^ did you mean `incidents`?
    ///
    /// With an `origin` (a file, or piped input) it starts with the file, line and column, and
    /// the lines are numbered as in the file: `tour.kagami:12:5: error: …`. With a `width` (a
    /// terminal's), a hint that would run past it goes under the carets, broken between words.
    public func rendered(source: String, origin: SourceOrigin? = nil, width: Int? = nil) -> String {
        rendered(characters: Array(source), origin: origin, width: width)
    }

    /// Several diagnostics of one statement, at most `limit` of them, then how many more.
    public static func render(
        _ diagnostics: [Diagnostic], source: String, origin: SourceOrigin? = nil, width: Int? = nil, limit: Int = 10
    ) -> String {
        let characters = Array(source)
        var lines = diagnostics.prefix(limit).map { $0.rendered(characters: characters, origin: origin, width: width) }
        if diagnostics.count > limit { lines.append("… and \(diagnostics.count - limit) more errors") }
        return lines.joined(separator: "\n")
    }

    private func rendered(characters: [Character], origin: SourceOrigin?, width: Int?) -> String {
        var text = "error: \(message)"
        guard let span else {
            if let origin { text = "\(origin.name):\(origin.firstLine): " + text }
            return text + (hint.map { "\n" + TextWidth.fitted("  hint: " + $0, toWidth: width) } ?? "")
        }
        let start = min(span.start, characters.count)
        var lineStart = start
        while lineStart > 0, characters[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = start
        while lineEnd < characters.count, characters[lineEnd] != "\n" { lineEnd += 1 }
        let lineNumber = characters[..<lineStart].filter { $0 == "\n" }.count + (origin?.firstLine ?? 1)
        if let origin { text = "\(origin.name):\(lineNumber):\(start - lineStart + 1): " + text }
        let spanEnd = min(max(span.end, start), lineEnd)
        // Very long lines are shown as a window around the span, each cut side marked with `…`.
        let shownStart = max(lineStart, start - Self.contextBefore)
        let shownEnd = min(
            lineEnd,
            spanEnd - start > Self.contextAfter
                ? start + Self.contextAfter : max(spanEnd, start + 1) + Self.contextAfter)
        let cutBefore = shownStart > lineStart ? "…" : ""
        let cutAfter = shownEnd < lineEnd ? "…" : ""
        let gutter = String(lineNumber)
        let indent = TextWidth.of(cutBefore + String(characters[shownStart..<start]))
        let underlined = String(characters[start..<min(spanEnd, shownEnd)])
        let carets = String(repeating: "^", count: max(1, TextWidth.of(underlined)))
        let pad = String(repeating: " ", count: gutter.count)
        text += "\n  \(gutter) | \(cutBefore)\(String(characters[shownStart..<shownEnd]))\(cutAfter)"
        let caretLine = "  \(pad) | " + String(repeating: " ", count: indent) + carets
        text += "\n" + caretLine
        guard let hint else { return text }
        if let width, TextWidth.of(caretLine) + 1 + TextWidth.of(hint) > width {
            return text + "\n" + TextWidth.fitted("hint: " + hint, toWidth: width, lead: "  \(pad) | ")
        }
        return text + " " + hint
    }
}

/// Where a statement came from, for error positions: a file (or `<stdin>`) and the line its
/// first line is on.
public struct SourceOrigin: Sendable, Hashable {
    /// The file as the user named it, or `<stdin>`.
    public let name: String
    /// The 1-based line of the statement's first line.
    public let firstLine: Int

    /// An origin.
    public init(name: String, firstLine: Int) {
        self.name = name
        self.firstLine = firstLine
    }
}
