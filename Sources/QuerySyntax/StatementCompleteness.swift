/// Whether a statement typed so far is finished or continues on the next line.
///
/// The REPL asks this after every line to choose between running the statement and showing
/// the continuation prompt. A statement continues when its last token is `|`, or when a
/// bracket or string is still open. `#` starts a comment outside strings. Workbench commands
/// (`:help`) are always one line. Ctrl-C at the continuation prompt abandons the statement.
public enum StatementCompleteness {
    /// Longest statement accepted, in UTF-8 bytes. A longer one counts as finished, so that
    /// runaway input (an unclosed bracket, binary data) stops accumulating and is refused.
    public static let maximumLength = 64 * 1024

    /// Whether a statement is over ``maximumLength``.
    public static func isTooLong(_ source: String) -> Bool {
        source.utf8.count > maximumLength
    }

    /// `true` when more lines are needed to finish the statement.
    ///
    /// Scans Unicode scalars rather than characters: every mark that matters is ASCII, and the
    /// REPL asks again after each line, so the scan must be cheap.
    public static func isIncomplete(_ source: String) -> Bool {
        if isTooLong(source) || source.drop(while: \.isWhitespace).first == ":" { return false }
        var depth = 0
        var quote: Unicode.Scalar?
        var escaped = false
        var inComment = false
        var lastSignificant: Unicode.Scalar?
        for scalar in source.unicodeScalars {
            if inComment {
                if scalar == "\n" { inComment = false }
                continue
            }
            if let open = quote {
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == open {
                    quote = nil
                }
                lastSignificant = scalar
                continue
            }
            switch scalar {
            case "#":
                inComment = true
                continue
            case "\"", "'": quote = scalar
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: break
            }
            let isWhitespace =
                scalar.isASCII
                ? (scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r")
                : scalar.properties.isWhitespace
            if !isWhitespace { lastSignificant = scalar }
        }
        return quote != nil || depth > 0 || lastSignificant == "|"
    }

    /// `true` when the text holds nothing to run: only white space and `#` comments
    /// (a script's comment lines and recorded `#|` output).
    public static func isEmpty(_ source: String) -> Bool {
        // The first character that is not white space decides, unless it starts a comment.
        guard let first = source.first(where: { !$0.isWhitespace }) else { return true }
        guard first == "#" else { return false }
        return source.split(separator: "\n").allSatisfy { line in
            let text = line.drop(while: \.isWhitespace)
            return text.isEmpty || text.hasPrefix("#")
        }
    }
}
