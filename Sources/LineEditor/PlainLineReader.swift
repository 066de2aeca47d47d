/// Reads lines from standard input with no prompt, no escape codes and no history.
///
/// Used when stdin is not a terminal, so that `kagami < file.kagami` and pipes produce
/// clean output that can be compared with a transcript.
public final class PlainLineReader: LineReader {
    /// A reader of standard input.
    public init() {}

    /// Never: no one is typing at a pipe.
    public var isInteractive: Bool { false }

    /// The next line of standard input; the prompt is not shown.
    public func readLine(prompt: String) -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }

    /// Scripts are not recorded in the analyst's history.
    public func addToHistory(_ statement: String) {}
}
