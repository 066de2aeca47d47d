import IncidentGraph
import QuerySyntax

/// A file of statements (a `.kagami` script) split into the statements it holds.
///
/// Lines that start with `#` between statements are comments or recorded output (`#|`) and
/// are skipped; a statement runs over several lines while it is incomplete (a trailing `|`,
/// an open bracket or string).
public enum Script {
    /// One statement and the line it starts on.
    public struct Statement: Sendable, Equatable {
        /// The statement's text, lines joined with newlines.
        public let text: String
        /// 1-based line of its first line in the file, `nil` when it came from elsewhere (`-c`).
        public let line: Int?

        /// A statement.
        public init(text: String, line: Int?) {
            self.text = text
            self.line = line
        }
    }

    /// The statements of a script, in order.
    public static func statements(in text: String) -> [Statement] {
        var statements: [Statement] = []
        var pending = ""
        var startLine = 0
        for (index, rawLine) in text.withUnixLineEnds.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = String(rawLine)
            if pending.isEmpty {
                let trimmed = line.drop(while: \.isWhitespace)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                pending = line
                startLine = index + 1
            } else {
                pending += "\n" + line
            }
            if !StatementCompleteness.isIncomplete(pending) {
                statements.append(Statement(text: pending, line: startLine))
                pending = ""
            }
        }
        if !pending.isEmpty { statements.append(Statement(text: pending, line: startLine)) }
        return statements
    }
}
