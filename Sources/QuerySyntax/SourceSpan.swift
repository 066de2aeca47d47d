/// A range of characters in a statement's source text, for carets under errors.
public struct SourceSpan: Hashable, Sendable {
    /// Offset of the first character, counted in `Character`s from the start of the source.
    public let start: Int
    /// Offset one past the last character.
    public let end: Int

    /// A span; an empty span (`start == end`) marks a position, such as the end of input.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }
}
