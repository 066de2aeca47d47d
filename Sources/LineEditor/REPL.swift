/// What the REPL needs from the engine: when a statement is finished, and how to run it.
public protocol REPLHost: CompletionSource {
    /// Whether the statement typed so far continues on the next line.
    func isIncomplete(_ statement: String) -> Bool
    /// Runs a statement; returns its output, its error (if it failed) and whether to quit.
    /// `line` is the input line the statement starts on when it was read from a pipe (errors
    /// name it), `nil` at a terminal, where the statement is on the screen.
    func run(_ statement: String, line: Int?) -> (output: String, error: String?, quits: Bool)
}

/// The read–run–print loop: joins continuation lines into statements, records each statement
/// as one history entry, runs it, and prints its output (errors to standard error).
public struct REPL {
    /// The prompt for a new statement.
    public static let prompt = "kagami> "
    /// The prompt for a statement's next line.
    public static let continuationPrompt = "   ...> "

    private let reader: LineReader
    private let host: REPLHost
    private let write: (String) -> Void
    private let writeError: (String) -> Void

    /// A loop over a reader and a host; `write` and `writeError` receive whole lines.
    public init(
        reader: LineReader, host: REPLHost, write: @escaping (String) -> Void, writeError: @escaping (String) -> Void
    ) {
        self.reader = reader
        self.host = host
        self.write = write
        self.writeError = writeError
    }

    /// Runs until end of input or a quit; returns how many statements failed.
    @discardableResult
    public func run() -> Int {
        var failures = 0
        var statement = ""
        var linesRead = 0
        var firstLine = 1
        while true {
            let prompt = statement.isEmpty ? Self.prompt : Self.continuationPrompt
            switch reader.readLine(prompt: prompt) {
            case .interrupted:
                statement = ""
            case .endOfInput:
                if !statement.isEmpty, case .failed = execute(statement, line: firstLine) { failures += 1 }
                return failures
            case .line(let line):
                linesRead += 1
                if statement.isEmpty { firstLine = linesRead }
                statement += statement.isEmpty ? line : "\n" + line
                if host.isIncomplete(statement) { continue }
                let result = execute(statement, line: firstLine)
                statement = ""
                switch result {
                case .failed: failures += 1
                case .quit: return failures
                case .succeeded: break
                }
            }
        }
    }

    private enum Result { case succeeded, failed, quit }

    private func execute(_ statement: String, line: Int) -> Result {
        guard !statement.allSatisfy(\.isWhitespace) else { return .succeeded }
        reader.addToHistory(statement)
        InterruptSignal.reset()
        let outcome = host.run(statement, line: reader.isInteractive ? nil : line)
        if !outcome.output.isEmpty { write(outcome.output) }
        if let error = outcome.error {
            writeError(error)
            return .failed
        }
        return outcome.quits ? .quit : .succeeded
    }
}
