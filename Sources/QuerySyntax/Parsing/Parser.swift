/// A recursive-descent parser for Kagami statements.
///
/// Collects every error it can as a diagnostic, recovering at the next `|`, and reports
/// whether the statement merely stopped early (`isIncomplete`: the REPL then asks for
/// another line) rather than being wrong.
public struct Parser {
    /// What parsing a statement produced.
    public struct Result: Sendable {
        /// The statement, when there were no errors.
        public let statement: Statement?
        /// Lexical and syntax errors, in source order.
        public let diagnostics: [Diagnostic]
        /// Whether the statement ended where more was expected (an open bracket, a trailing `|`).
        public let isIncomplete: Bool
    }

    /// Deepest nesting of expressions accepted.
    public static let maximumDepth = 100

    var tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic] = []
    var endedEarly = false
    var depth = 0

    /// Parses one statement.
    public static func parse(_ source: String) -> Result {
        let (tokens, lexical) = Lexer.tokenize(source)
        var parser = Parser(tokens: tokens)
        parser.diagnostics = lexical
        let statement = parser.parseStatement()
        if parser.diagnostics.isEmpty, !parser.atEnd {
            parser.fail("unexpected `\(parser.current.text)` after the end of the statement", code: .trailing)
        }
        let unclosed = lexical.contains { $0.code == SyntaxDiagnostic.unclosedString.code }
        return Result(
            statement: parser.diagnostics.isEmpty ? statement : nil, diagnostics: parser.diagnostics,
            isIncomplete: parser.endedEarly || unclosed)
    }

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    // MARK: Statements

    mutating func parseStatement() -> Statement? {
        let start = current.span.start
        switch current.kind {
        case .word("let") where peek(1).isWord && peek(2) == .symbol("="):
            advance()
            let name = expectName("a binding name")
            expect("=", "after the binding name")
            guard let query = parseQuery() else { return nil }
            return Statement(.bind(name: name ?? "", query: query), spanFrom(start))
        case .word("def"):
            return parseDefinition(start)
        case .word("tag"), .word("untag"):
            let remove = current.kind == .word("untag")
            advance()
            guard let query = parseQuery(stopAtWord: "as") else { return nil }
            expectKeyword("as", "before the tag label")
            let label = expectString("the tag label")
            return Statement(.tag(query: query, label: label ?? "", remove: remove), spanFrom(start))
        case .word("note") where peek(1).isNodeReference:
            advance()
            guard case .nodeReference(let id) = current.kind else { return nil }
            advance()
            let text = expectString("the note's text")
            return Statement(.note(node: id, text: text ?? ""), spanFrom(start))
        default:
            if startsQuery() {
                return parseQuery().map { Statement(.query($0), $0.span) }
            }
            return parseExpression().map { Statement(.expression($0), $0.span) }
        }
    }

    private mutating func parseDefinition(_ start: Int) -> Statement? {
        advance()
        let isStage = current.kind == .word("stage")
        guard isStage || current.kind == .word("fn") else {
            fail(
                "expected `stage` or `fn` after `def`", code: .definition,
                hint: "def stage NAME(n) = … or def fn NAME(x) = …")
            return nil
        }
        advance()
        let name = expectName("the name being defined") ?? ""
        var parameters: [String] = []
        if consume("(") {
            if !check(")") {
                repeat {
                    if let parameter = expectName("a parameter name") { parameters.append(parameter) }
                } while consume(",")
            }
            expect(")", "to close the parameter list")
        }
        expect("=", "before the definition's body")
        if isStage {
            var stages: [Stage] = []
            repeat {
                if let stage = parseStage() { stages.append(stage) }
            } while consume("|")
            return Statement(.defineStage(name: name, parameters: parameters, stages: stages), spanFrom(start))
        }
        guard let body = parseExpression() else { return nil }
        return Statement(.defineFunction(name: name, parameters: parameters, body: body), spanFrom(start))
    }

    /// A statement is a query when it starts with `match`, `path … ->`, or a lone name or
    /// `@id` followed by `|` or the end; anything else is an expression.
    private func startsQuery() -> Bool {
        switch current.kind {
        case .word("match"): return true
        case .word("path"): return peek(1).isNodeReference || peek(1).isWord
        case .word, .nodeReference: return peek(1) == .symbol("|") || peek(1) == .end
        default: return false
        }
    }

    // MARK: Queries

    mutating func parseQuery(stopAtWord: String? = nil) -> Query? {
        let start = current.span.start
        guard let source = parseSource() else {
            skipToNextStage()
            return nil
        }
        var stages: [Stage] = []
        while consume("|") {
            if atEnd {
                failAtEnd("expected a stage after `|`", hint: "for example: where …, select …, count by …")
                break
            }
            if let stage = parseStage() {
                stages.append(stage)
            } else {
                skipToNextStage()
            }
            if let stopAtWord, current.kind == .word(stopAtWord) { break }
        }
        return Query(source: source, stages: stages, span: spanFrom(start))
    }

    private mutating func parseSource() -> Source? {
        let start = current.span.start
        switch current.kind {
        case .word("match"):
            advance()
            var patterns: [Pattern] = []
            repeat {
                if let pattern = parsePattern() { patterns.append(pattern) } else { return nil }
            } while consume(",")
            var condition: Expression?
            if consumeWord("where") { condition = parseExpression() }
            return Source(.match(patterns, condition), spanFrom(start))
        case .word("path"):
            advance()
            guard let from = expectNodeReference("the node the path starts at") else { return nil }
            expect("->", "between the two ends of the path")
            guard let to = expectNodeReference("the node the path ends at") else { return nil }
            let (via, maximum) = parsePathOptions()
            return Source(.path(from: from, to: to, via: via, maximum: maximum), spanFrom(start))
        case .nodeReference(let id):
            advance()
            return Source(.node(id), spanFrom(start))
        case .word(let name):
            advance()
            return Source(.name(name), spanFrom(start))
        case .end:
            failAtEnd("expected a source such as `incidents` or `@jaxa`")
            return nil
        default:
            fail(
                "expected a source such as `incidents`, `@jaxa` or `match (…)`, found `\(current.text)`",
                code: .source)
            return nil
        }
    }

    mutating func parsePathOptions() -> (via: [String], maximum: Int?) {
        var via: [String] = []
        var maximum: Int?
        if consumeWord("via") {
            repeat {
                if let label = expectName("an edge label") { via.append(label) }
            } while consume(",")
        }
        if consumeWord("max") { maximum = expectInteger("the longest path length") }
        return (via, maximum)
    }

    // MARK: Helpers

    var current: Token { tokens[min(position, tokens.count - 1)] }
    var atEnd: Bool { current.kind == .end }

    func peek(_ offset: Int) -> Token.Kind {
        tokens[min(position + offset, tokens.count - 1)].kind
    }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func check(_ symbol: String) -> Bool {
        current.kind == .symbol(symbol)
    }

    mutating func consume(_ symbol: String) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    mutating func consumeWord(_ word: String) -> Bool {
        guard current.kind == .word(word) else { return false }
        advance()
        return true
    }

    mutating func expect(_ symbol: String, _ context: String) {
        guard !consume(symbol) else { return }
        if atEnd {
            failAtEnd("expected `\(symbol)` \(context)")
        } else {
            fail("expected `\(symbol)` \(context), found `\(current.text)`", code: .expected)
        }
    }

    /// Any word, as a name (`what` describes it for the error).
    @discardableResult
    mutating func expectName(_ what: String) -> String? {
        if case .word(let word) = current.kind {
            advance()
            return word
        }
        atEnd
            ? failAtEnd("expected \(what)")
            : fail("expected \(what), found `\(current.text)`", code: .expected)
        return nil
    }

    /// One particular keyword.
    mutating func expectKeyword(_ keyword: String, _ context: String) {
        guard !consumeWord(keyword) else { return }
        atEnd
            ? failAtEnd("expected `\(keyword)` \(context)")
            : fail("expected `\(keyword)` \(context), found `\(current.text)`", code: .expected)
    }

    mutating func expectString(_ what: String) -> String? {
        if case .string(let text) = current.kind {
            advance()
            return text
        }
        atEnd
            ? failAtEnd("expected \(what) in quotes")
            : fail("expected \(what) in quotes, found `\(current.text)`", code: .expected)
        return nil
    }

    mutating func expectInteger(_ what: String) -> Int? {
        if case .integer(let value) = current.kind {
            advance()
            return value
        }
        atEnd
            ? failAtEnd("expected \(what) (a whole number)")
            : fail("expected \(what) (a whole number), found `\(current.text)`", code: .expected)
        return nil
    }

    mutating func expectNodeReference(_ what: String) -> String? {
        if case .nodeReference(let id) = current.kind {
            advance()
            return id
        }
        atEnd
            ? failAtEnd("expected \(what) (`@id`)")
            : fail("expected \(what) (`@id`), found `\(current.text)`", code: .expected)
        return nil
    }

    mutating func fail(_ message: String, code: SyntaxDiagnostic, hint: String? = nil) {
        diagnostics.append(Diagnostic(code: code, message: message, span: current.span, hint: hint))
    }

    /// An error at the end of the statement: the statement may just be unfinished.
    mutating func failAtEnd(_ message: String, hint: String? = nil) {
        endedEarly = true
        diagnostics.append(Diagnostic(code: .incomplete, message: message, span: current.span, hint: hint))
    }

    /// Skips to the next `|` (or the end) after an error, to go on finding errors.
    mutating func skipToNextStage() {
        var nesting = 0
        while !atEnd {
            if check("(") || check("[") || check("{") { nesting += 1 }
            if check(")") || check("]") || check("}") { nesting = max(0, nesting - 1) }
            if nesting == 0, check("|") { return }
            advance()
        }
    }

    func spanFrom(_ start: Int) -> SourceSpan {
        let previous = tokens[max(0, min(position - 1, tokens.count - 1))]
        return SourceSpan(start: start, end: max(start, previous.span.end))
    }
}

extension Token.Kind {
    var isWord: Bool {
        if case .word = self { return true }
        return false
    }

    var isNodeReference: Bool {
        if case .nodeReference = self { return true }
        return false
    }
}
