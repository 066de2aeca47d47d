/// One lexical unit of a statement, with where it is.
public struct Token: Hashable, Sendable {
    /// What kind of token, with its value.
    public let kind: Kind
    /// Where it is in the statement.
    public let span: SourceSpan
    /// The exact source text.
    public let text: String

    /// A token.
    public init(kind: Kind, span: SourceSpan, text: String) {
        self.kind = kind
        self.span = span
        self.text = text
    }

    /// The kinds of token.
    public enum Kind: Hashable, Sendable {
        /// A word: an identifier or a keyword (`where`, `incidents`, `ts`); keywords are lowercase
        /// words the parser recognises in place.
        case word(String)
        /// `@id` or `@"any text"`, with the id.
        case nodeReference(String)
        /// `"…"` or `'…'`, with escapes resolved.
        case string(String)
        /// A whole number (`1_000` is 1000).
        case integer(Int)
        /// A decimal number.
        case decimal(Double)
        /// `2023-02-01`.
        case date(year: Int, month: Int, day: Int)
        /// `2023-02`.
        case month(year: Int, month: Int)
        /// `2023-02-01T09:30`, with seconds, fraction and zone as written.
        case dateTime(String)
        /// `90d`, `12h`: seconds.
        case duration(Int64)
        /// Punctuation and operators: `| ; ( ) [ ] { } , . .. == != < <= > >= + - * / % ~ => : -> <-`.
        case symbol(String)
        /// The end of the statement.
        case end
    }
}
