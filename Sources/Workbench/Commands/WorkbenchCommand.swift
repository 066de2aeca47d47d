import QuerySyntax

/// One row of the `:command` table: name, arguments, help, and the handler.
///
/// `:help` and completion are generated from the table, so a command is documented the
/// moment it exists.
struct WorkbenchCommand: Sendable {
    /// Name without the colon (`schema`).
    let name: String
    /// Other spellings (`q` for `quit`).
    let aliases: [String]
    /// Argument synopsis for `:help` (`[kind]`).
    let arguments: String
    /// One line of help.
    let summary: String
    /// Most arguments the command takes.
    let maximumArguments: Int
    /// What Tab completes in the first argument.
    let completesKinds: Bool
    /// Runs the command.
    let run: @Sendable (Workspace, CommandInvocation) throws(Diagnostic) -> StatementOutcome

    /// `:name arguments`.
    var usage: String { ":" + name + (arguments.isEmpty ? "" : " " + arguments) }
}

/// A parsed command line: the command word and its arguments, each with its position.
struct CommandInvocation {
    /// The command word without the colon.
    let name: String
    /// Where the command word is.
    let nameSpan: SourceSpan
    /// Arguments split at white space.
    let arguments: [(text: String, span: SourceSpan)]
    /// Everything after the command word, as typed, and where it starts (`:explain QUERY`).
    let rest: (text: String, start: Int)

    /// Splits `:name arg …`; `nil` when the statement is not a command.
    init?(_ statement: String) {
        // A command's first word starts with its colon: other statements are not split.
        guard statement.first(where: { !$0.isWhitespace }) == ":" else { return nil }
        var words: [(text: String, span: SourceSpan)] = []
        var current = ""
        var start = 0
        for (offset, character) in statement.enumerated() {
            if character.isWhitespace {
                if !current.isEmpty { words.append((current, SourceSpan(start: start, end: offset))) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append((current, SourceSpan(start: start, end: statement.count))) }
        guard let first = words.first, first.text.hasPrefix(":") else { return nil }
        name = String(first.text.dropFirst())
        nameSpan = first.span
        arguments = Array(words.dropFirst())
        let restStart = words.dropFirst().first?.span.start ?? statement.count
        rest = (String(Array(statement)[restStart...]), restStart)
    }
}
