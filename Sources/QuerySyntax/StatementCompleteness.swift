/// Whether a statement typed so far is finished or continues on the next line.
///
/// The REPL asks this after every line to choose between running the statement and showing
/// the continuation prompt. A statement continues when its last token is `|`, or when a
/// bracket or string is still open. `#` starts a comment outside strings. Workbench commands
/// (`:help`) are always one line. Ctrl-C at the continuation prompt abandons the statement.
public enum StatementCompleteness {
    /// `true` when more lines are needed to finish the statement.
    public static func isIncomplete(_ source: String) -> Bool {
        if source.drop(while: \.isWhitespace).first == ":" { return false }
        var depth = 0
        var quote: Character?
        var escaped = false
        var inComment = false
        var lastSignificant: Character?
        for character in source {
            if inComment {
                if character == "\n" { inComment = false }
                continue
            }
            if let open = quote {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                }
                lastSignificant = character
                continue
            }
            switch character {
            case "#":
                inComment = true
                continue
            case "\"", "'": quote = character
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: break
            }
            if !character.isWhitespace { lastSignificant = character }
        }
        return quote != nil || depth > 0 || lastSignificant == "|"
    }

    /// `true` when the text holds nothing to run: only white space and `#` comments
    /// (a script's comment lines and recorded `#|` output).
    public static func isEmpty(_ source: String) -> Bool {
        source.split(separator: "\n").allSatisfy { line in
            let text = line.drop(while: \.isWhitespace)
            return text.isEmpty || text.hasPrefix("#")
        }
    }
}
