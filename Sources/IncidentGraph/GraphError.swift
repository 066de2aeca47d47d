/// A problem with graph data: where it is (file, line, column), what was expected, and a hint.
///
/// Loaders attach the location of the offending JSON; the builder reports schema violations.
public struct GraphError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable error categories, spelled `graph.<code>` in messages.
    public enum Code: String, Hashable, Sendable {
        /// The file is not well-formed JSON.
        case syntax
        /// The JSON is well-formed but not a Kagami graph (missing or wrong fields).
        case format
        /// The schema itself is inconsistent.
        case schema
        /// A node or edge does not fit the schema (unknown kind, wrong type, duplicate id …).
        case invalid
        /// The file could not be read or written.
        case io
    }

    /// The category.
    public let code: Code
    /// What went wrong, in the analyst's words.
    public let message: String
    /// Where, when known.
    public var location: SourceLocation?
    /// How to fix it, when a fix is likely.
    public var hint: String?

    /// An error without a location yet; loaders add one.
    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// `file:line:column: error[graph.code]: message`, then the hint on its own line.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += "error[graph.\(code.rawValue)]: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// A position in a data file: 1-based line and column (columns count characters).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file name as given by the user, or a description such as `<input>`.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, in characters.
    public let column: Int

    /// A location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
