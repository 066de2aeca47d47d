import QuerySyntax

/// A `.kagami` session: `#` header lines, then statements, each followed by its recorded
/// output as `#|` lines. A plain list of statements (no outputs) is a session too.
public struct SessionFile: Sendable, Equatable {
    /// One statement, where it starts, and the output recorded under it.
    public struct Entry: Sendable, Equatable {
        /// Comment and blank lines written before it (after the previous statement's output).
        public var leading: [String] = []
        /// The statement (lines joined with newlines).
        public var statement: String
        /// 1-based line of its first line.
        public let line: Int
        /// The recorded output lines (without the `#| ` marks).
        public var recorded: [String]
    }

    /// The comment and blank lines before the first statement, as written.
    public var header: [String]
    /// The statements, in order.
    public var entries: [Entry]
    /// Whether the file records outputs (any `#|` line): only then is it compared by `check`.
    public var recordsOutputs: Bool
    /// Comment lines after the last statement's output.
    public var trailing: [String] = []

    /// The version of the format this build writes.
    public static let formatVersion = 1

    /// Parses a session; statements continue over lines while incomplete, as at the prompt.
    public init(parsing text: String) {
        header = []
        entries = []
        recordsOutputs = false
        var pending: (text: String, line: Int)?
        var comments: [String] = []
        func add(_ statement: String, _ line: Int) {
            entries.append(
                Entry(leading: entries.isEmpty ? [] : comments, statement: statement, line: line, recorded: []))
            if entries.count == 1 { header = comments }
            comments = []
        }
        for (index, rawLine) in text.withUnixLineEnds.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = String(rawLine)
            if let open = pending {
                let joined = open.text + "\n" + line
                if StatementCompleteness.isIncomplete(joined) {
                    pending = (joined, open.line)
                } else {
                    add(joined, open.line)
                    pending = nil
                }
                continue
            }
            if line.hasPrefix("#|") {
                recordsOutputs = true
                let output = line.dropFirst(2)
                if !entries.isEmpty, comments.isEmpty {
                    entries[entries.count - 1].recorded.append(
                        String(output.hasPrefix(" ") ? output.dropFirst() : output))
                }
            } else if line.drop(while: \.isWhitespace).hasPrefix("#") || line.allSatisfy(\.isWhitespace) {
                comments.append(line)
            } else if StatementCompleteness.isIncomplete(line) {
                pending = (line, index + 1)
            } else {
                add(line, index + 1)
            }
        }
        if let open = pending { add(open.text, open.line) }
        if entries.isEmpty { header = comments }
        trailing = entries.isEmpty ? [] : comments
        while trailing.last?.isEmpty == true { trailing.removeLast() }
    }

    /// A session made from statements and their outputs.
    public init(header: [String], statements: [(statement: String, output: String)]) {
        self.header = header + [""]
        entries = statements.map { Entry(statement: $0.statement, line: 0, recorded: Self.lines(of: $0.output)) }
        recordsOutputs = true
    }

    /// The file's text: the header, then each statement with the comments before it and its
    /// output after it; a parsed file comes back as it was written, outputs aside.
    public var text: String {
        var lines = header
        for entry in entries {
            lines += entry.leading
            lines.append(entry.statement)
            if recordsOutputs { lines += entry.recorded.map { $0.isEmpty ? "#|" : "#| " + $0 } }
        }
        return (lines + trailing).joined(separator: "\n") + "\n"
    }

    /// An output as the lines recorded for it (`\r\n` of CSV output folded to `\n`).
    public static func lines(of output: String) -> [String] {
        guard !output.isEmpty else { return [] }
        // Split at LF byte by byte (a `Character` holds CR LF as one), each line before an LF
        // without the CR before it.
        let lines = output.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        return lines.indices.map { index in
            let line = lines[index]
            let endsAtCRLF = index < lines.count - 1 && line.last == UInt8(ascii: "\r")
            return String(Substring(endsAtCRLF ? line.dropLast() : line))
        }
    }

    /// Sets the value of a `# key: value` header line, replacing the one there.
    public mutating func setHeaderValue(_ key: String, _ value: String) {
        let line = "# \(key): \(value)"
        if let index = header.firstIndex(where: { $0.drop { $0 == "#" || $0 == " " }.hasPrefix(key + ": ") }) {
            header[index] = line
        } else {
            header.append(line)
        }
    }

    /// The value of a `# key: value` header line.
    public func headerValue(_ key: String) -> String? {
        for line in header {
            let body = line.drop { $0 == "#" || $0 == " " }
            if body.hasPrefix(key + ": ") { return String(body.dropFirst(key.count + 2)) }
        }
        return nil
    }
}
