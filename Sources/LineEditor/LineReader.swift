/// What reading one line produced.
public enum LineInput: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C at the prompt: the line typed so far is abandoned.
    case interrupted
    /// End of input: Ctrl-D on an empty line, or the end of a pipe or file.
    case endOfInput
}

/// A source of input lines: libedit at a terminal, plain lines from a pipe, a script in tests.
public protocol LineReader: AnyObject {
    /// Whether prompts and banners should be shown (a person is typing).
    var isInteractive: Bool { get }
    /// Reads one line, showing `prompt` when interactive.
    func readLine(prompt: String) -> LineInput
    /// Records a whole statement (possibly several lines) as one history entry.
    func addToHistory(_ statement: String)
}

/// Supplies Tab completions: the words that could replace the word being typed.
public protocol CompletionSource: AnyObject {
    /// Candidates for `word`, the text since the last space, given the line before it.
    func completions(of word: String, after textBefore: String) -> [String]
}
