extension Parser {
    /// An expression; precedence loosest first: `or`, `and`, `not`, comparisons, ranges,
    /// `+ -`, `* / %`, unary `-`, postfix `.name` `[i]` calls.
    mutating func parseExpression() -> Expression? {
        defer { depth -= 1 }
        guard deepen() else { return nil }
        return parseOr()
    }

    /// One more level of the tree being built — a nested expression, a link of a chain
    /// (`1 + 1 + …` builds a tree as deep as it is long), a prefix operator; false, with one
    /// diagnostic, beyond ``maximumDepth``. The caller gives the level back (`depth -= 1`).
    private mutating func deepen() -> Bool {
        depth += 1
        guard depth <= Self.maximumDepth else {
            if !diagnostics.contains(where: { $0.code == SyntaxDiagnostic.tooDeep.code }) {
                fail(
                    "the expression is nested or chained more than \(Self.maximumDepth) levels deep",
                    code: .tooDeep, hint: "split it with `let`, or use `in [...]` for long lists of alternatives")
            }
            return false
        }
        return true
    }

    private mutating func parseOr() -> Expression? {
        guard var left = parseAnd() else { return nil }
        var links = 0
        defer { depth -= links }
        while consumeWord("or") {
            links += 1
            guard deepen(), let right = parseAnd() else { return nil }
            left = Expression(.binary(.or, left, right), join(left, right))
        }
        return left
    }

    private mutating func parseAnd() -> Expression? {
        guard var left = parseNot() else { return nil }
        var links = 0
        defer { depth -= links }
        while consumeWord("and") {
            links += 1
            guard deepen(), let right = parseNot() else { return nil }
            left = Expression(.binary(.and, left, right), join(left, right))
        }
        return left
    }

    private mutating func parseNot() -> Expression? {
        let start = current.span.start
        if consumeWord("not") {
            defer { depth -= 1 }
            guard deepen(), let operand = parseNot() else { return nil }
            return Expression(.unary(.not, operand), SourceSpan(start: start, end: operand.span.end))
        }
        return parseComparison()
    }

    private mutating func parseComparison() -> Expression? {
        guard let left = parseRange() else { return nil }
        let symbols: [String: BinaryOperator] = [
            "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
            "~": .matches,
        ]
        if case .symbol(let symbol) = current.kind, let op = symbols[symbol] {
            advance()
            return parseRange().map { Expression(.binary(op, left, $0), join(left, $0)) }
        }
        if check("=") {
            fail("`=` is not a comparison", code: .assignment, hint: "compare with `==`")
            return nil
        }
        guard case .word(let word) = current.kind else { return left }
        switch word {
        case "in":
            advance()
            return parseRange().map { Expression(.binary(.in, left, $0), join(left, $0)) }
        case "not" where peek(1) == .word("in"):
            advance()
            advance()
            return parseRange().map { Expression(.binary(.notIn, left, $0), join(left, $0)) }
        case "contains":
            advance()
            return parseRange().map { Expression(.binary(.contains, left, $0), join(left, $0)) }
        case "starts", "ends":
            advance()
            expectKeyword("with", "after `\(word)`")
            let op: BinaryOperator = word == "starts" ? .startsWith : .endsWith
            return parseRange().map { Expression(.binary(op, left, $0), join(left, $0)) }
        case "between":
            advance()
            guard let low = parseRange() else { return nil }
            expectKeyword("and", "between the two bounds of `between`")
            guard let high = parseRange() else { return nil }
            return Expression(.between(left, low, high), join(left, high))
        case "is":
            advance()
            let negated = consumeWord("not")
            let end = current.span.end
            expectKeyword("null", "after `is`")
            return Expression(.isNull(left, negated: negated), SourceSpan(start: left.span.start, end: end))
        default:
            return left
        }
    }

    private mutating func parseRange() -> Expression? {
        guard let low = parseAdditive() else { return nil }
        guard consume("..") else { return low }
        return parseAdditive().map { Expression(.range(low, $0), join(low, $0)) }
    }

    private mutating func parseAdditive() -> Expression? {
        guard var left = parseMultiplicative() else { return nil }
        var links = 0
        defer { depth -= links }
        while check("+") || check("-") {
            let op: BinaryOperator = check("+") ? .add : .subtract
            advance()
            links += 1
            guard deepen(), let right = parseMultiplicative() else { return nil }
            left = Expression(.binary(op, left, right), join(left, right))
        }
        return left
    }

    private mutating func parseMultiplicative() -> Expression? {
        guard var left = parseUnary() else { return nil }
        var links = 0
        defer { depth -= links }
        while check("*") || check("/") || check("%") {
            let op: BinaryOperator = check("*") ? .multiply : check("/") ? .divide : .remainder
            advance()
            links += 1
            guard deepen(), let right = parseUnary() else { return nil }
            left = Expression(.binary(op, left, right), join(left, right))
        }
        return left
    }

    private mutating func parseUnary() -> Expression? {
        let start = current.span.start
        if consume("-") {
            defer { depth -= 1 }
            guard deepen(), let operand = parseUnary() else { return nil }
            return Expression(.unary(.negate, operand), SourceSpan(start: start, end: operand.span.end))
        }
        return parsePostfix()
    }

    private mutating func parsePostfix() -> Expression? {
        guard var expression = parsePrimary() else { return nil }
        var links = 0
        defer { depth -= links }
        while true {
            if check(".") || check("[") {
                links += 1
                guard deepen() else { return nil }
            }
            if consume(".") {
                let end = current.span.end
                guard let name = expectName("a property name after `.`") else { return nil }
                expression = Expression(.member(expression, name), SourceSpan(start: expression.span.start, end: end))
            } else if consume("[") {
                guard let index = parseExpression() else { return nil }
                let end = current.span.end
                expect("]", "to close the index")
                expression = Expression(.index(expression, index), SourceSpan(start: expression.span.start, end: end))
            } else {
                return expression
            }
        }
    }

    private mutating func parsePrimary() -> Expression? {
        let token = current
        switch token.kind {
        case .integer(let value): advance(); return Expression(.literal(.integer(value)), token.span)
        case .decimal(let value): advance(); return Expression(.literal(.decimal(value)), token.span)
        case .string(let value): advance(); return Expression(.literal(.string(value)), token.span)
        case .date(let year, let month, let day):
            advance()
            return Expression(.literal(.date(year: year, month: month, day: day)), token.span)
        case .month(let year, let month):
            advance(); return Expression(.literal(.month(year: year, month: month)), token.span)
        case .dateTime(let text): advance(); return Expression(.literal(.dateTime(text)), token.span)
        case .duration(var seconds):
            advance()
            var end = token.span.end
            while case .duration(let more) = current.kind {
                let (sum, overflow) = seconds.addingReportingOverflow(more)
                if overflow {
                    fail(
                        "the duration is too large", code: .numberTooLarge,
                        hint: "durations reach about 292 billion years")
                    return nil
                }
                seconds = sum
                end = current.span.end
                advance()
            }
            return Expression(.literal(.duration(seconds)), SourceSpan(start: token.span.start, end: end))
        case .nodeReference(let id): advance(); return Expression(.node(id), token.span)
        case .word("true"): advance(); return Expression(.literal(.bool(true)), token.span)
        case .word("false"): advance(); return Expression(.literal(.bool(false)), token.span)
        case .word("null"): advance(); return Expression(.literal(.null), token.span)
        case .word(let name):
            advance()
            if consume("=>") {
                return parseExpression().map {
                    Expression(.lambda(name, $0), SourceSpan(start: token.span.start, end: $0.span.end))
                }
            }
            guard consume("(") else { return Expression(.name(name), token.span) }
            var arguments: [Expression] = []
            if !check(")") {
                guard let list = parseExpressionList() else { return nil }
                arguments = list
            }
            let end = current.span.end
            expect(")", "to close the arguments of `\(name)`")
            return Expression(.call(name, arguments), SourceSpan(start: token.span.start, end: end))
        case .symbol("("):
            advance()
            guard let inner = parseExpression() else { return nil }
            expect(")", "to close the parenthesis")
            return inner
        case .symbol("["):
            advance()
            var elements: [Expression] = []
            if !check("]") {
                guard let list = parseExpressionList() else { return nil }
                elements = list
            }
            let end = current.span.end
            expect("]", "to close the list")
            return Expression(.list(elements), SourceSpan(start: token.span.start, end: end))
        case .end:
            failAtEnd("expected a value")
            return nil
        default:
            fail("expected a value, found `\(token.text)`", code: .expectedValue)
            return nil
        }
    }

    func join(_ left: Expression, _ right: Expression) -> SourceSpan {
        SourceSpan(start: left.span.start, end: right.span.end)
    }
}
