import Spelling

extension Parser {
    /// One stage, by its first word.
    mutating func parseStage() -> Stage? {
        let start = current.span.start
        guard case .word(let word) = current.kind else {
            if atEnd {
                failAtEnd("expected a stage")
            } else {
                fail("expected a stage name such as `where` or `count`, found `\(current.text)`", code: .stage)
            }
            return nil
        }
        advance()
        let kind: Stage.Kind?
        switch word {
        case "where": kind = parseExpression().map(Stage.Kind.filter)
        case "select":
            if check("*") {
                fail(
                    "`select *` is SQL: rows keep every column until a `select` names some", code: .foreign,
                    hint: "leave the `select` stage out, or name the columns: select id, ts")
                return nil
            }
            kind = parseSelectItems(requireNames: false).map(Stage.Kind.select)
        case "extend": kind = parseSelectItems(requireNames: true).map(Stage.Kind.extend)
        case "sort":
            _ = consumeWord("by")
            kind = parseSortKeys().map(Stage.Kind.sort)
        case "take": kind = parseCount("how many rows to take").map(Stage.Kind.take)
        case "skip": kind = parseCount("how many rows to skip").map(Stage.Kind.skip)
        case "top":
            guard let count = parseCount("how many rows to keep") else { return nil }
            expectKeyword("by", "after `top N`")
            // `top 10 by lure_score` means the ten highest: descending unless `asc` is written.
            kind = parseSortKeys(descendingUnlessAsc: true).flatMap { $0.first }.map { Stage.Kind.top(count, $0) }
        case "distinct":
            kind = endsStage ? .distinct([]) : parseExpressionList().map(Stage.Kind.distinct)
        case "count":
            if consumeWord("by") {
                kind = parseSelectItems(requireNames: false).map { Stage.Kind.count(by: $0) }
            } else {
                kind = .count(by: [])
            }
        case "summarize": kind = parseSummarize()
        case "out", "in", "both": kind = parseTraverse(word)
        case "path":
            guard let target = parseExpression() else { return nil }
            let (via, maximum) = parsePathOptions()
            kind = .path(target: target, via: via, maximum: maximum)
        case "timeline":
            kind = .timeline(
                unit: consumeWord("by") ? expectName("a time unit: day, week, month, quarter or year") : nil)
        case "chart":
            guard let shape = expectName("a chart kind such as `bar`") else { return nil }
            kind = .chart(shape, by: consumeWord("by") ? parseExpression() : nil)
        case "heatmap":
            guard let x = parseExpression() else { return nil }
            expectKeyword("by", "between the two heatmap axes")
            kind = parseExpression().map { Stage.Kind.heatmap(x, by: $0) }
        case "export":
            guard let format = expectName("an export format (csv, json, jsonl, stix, dot, navigator)") else {
                return nil
            }
            kind = expectString("the path to write").map { Stage.Kind.export(format: format, path: $0) }
        default:
            if let foreign = Self.foreignStages[word] {
                diagnostics.append(
                    Diagnostic(
                        code: .foreignStage,
                        message: "unknown stage `\(word)` (\(foreign.language)): Kagami writes `\(foreign.kagami)`",
                        span: tokens[position - 1].span, hint: "e.g. " + foreign.example))
                return nil
            }
            if let known = Spelling.suggestion(for: word, among: Self.builtInStages), known != word {
                diagnostics.append(
                    Diagnostic(
                        code: .unknownStage, message: "unknown stage `\(word)`", span: tokens[position - 1].span,
                        hint: "did you mean `\(known)`?"))
                return nil
            }
            kind = parseNamedStage(first: word)
        }
        guard let kind else { return nil }
        if !endsStage {
            fail(
                "unexpected `\(current.text)` in the `\(word)` stage", code: .stageTrailing,
                hint: "stages are separated by `|`")
            return nil
        }
        return Stage(kind, spanFrom(start))
    }

    /// The built-in stage words; a word one typo away from one of them is reported as that typo
    /// rather than taken for a plugin stage.
    public static let builtInStages = [
        "where", "select", "extend", "sort", "take", "skip", "top", "distinct", "count", "summarize", "out", "in",
        "both",
        "path", "timeline", "chart", "heatmap", "export",
    ]

    /// Stage words of SQL, KQL and Cypher that analysts type from habit, with Kagami's word
    /// for each: `limit` → `take`, `order by` → `sort`, `group by` → `count by` / `summarize … by`.
    static let foreignStages: [String: (language: String, kagami: String, example: String)] = [
        "limit": ("SQL and KQL", "take N", "incidents | sort ts desc | take 10"),
        "offset": ("SQL", "skip N", "incidents | sort ts | skip 10 | take 10"),
        "order": ("SQL and KQL order by", "sort EXPR [desc]", "incidents | sort ts desc"),
        "orderby": ("LINQ", "sort EXPR [desc]", "incidents | sort ts desc"),
        "group": (
            "SQL group by", "count by EXPR` or `summarize AGG by EXPR",
            "incidents | count by vector   or   incidents | summarize min(ts) by vector"
        ),
        "project": ("KQL", "select EXPR, …", "incidents | select id, ts, vector"),
        "having": ("SQL", "where (after count or summarize)", "incidents | count by vector | where count > 10"),
        "return": ("Cypher", "select EXPR, …", "match (i:incident)-[:targeted]->(o:org) | select i, o"),
    ]

    /// Whether the current stage ends here (at `|`, the end, or a `;`).
    var endsStage: Bool {
        atEnd || check("|") || check(";") || current.kind == .word("as")
    }

    /// Whether the current word is written right against a `(`: a call, not another word.
    private var startsCall: Bool {
        let next = tokens[min(position + 1, tokens.count - 1)]
        return next.kind == .symbol("(") && next.span.start == current.span.end
    }

    /// A row count: a whole number, or a name (a `def stage` parameter).
    private mutating func parseCount(_ what: String) -> Expression? {
        switch current.kind {
        case .integer(let value):
            advance()
            return Expression(.literal(.integer(value)), tokens[position - 1].span)
        case .word(let name):
            advance()
            return Expression(.name(name), tokens[position - 1].span)
        default:
            _ = expectInteger(what)
            return nil
        }
    }

    private mutating func parseNamedStage(first: String) -> Stage.Kind? {
        var words = [first]
        // Further words name the stage or its options (`classify phases`, `score lures on subject`);
        // a word written right against `(` is a function call, the start of an argument.
        while case .word(let word) = current.kind, word != "as", !startsCall {
            words.append(word)
            advance()
        }
        var arguments: [Expression] = []
        if consume("(") {
            if !check(")") {
                guard let list = parseExpressionList() else { return nil }
                arguments = list
            }
            expect(")", "to close the stage's arguments")
        } else if !endsStage {
            guard let list = parseExpressionList() else { return nil }
            arguments = list
        }
        return .named(words: words, arguments: arguments)
    }

    private mutating func parseTraverse(_ word: String) -> Stage.Kind? {
        let direction: PatternDirection = word == "out" ? .out : word == "in" ? .in : .both
        var label: String?
        if case .word(let name) = current.kind {
            label = name
            advance()
        }
        var hops = 1...1
        if consume("*") {
            guard let low = expectInteger("the number of hops") else { return nil }
            var high = low
            if consume("..") { high = expectInteger("the most hops") ?? low }
            guard low >= 0, high >= max(low, 1) else {
                fail(
                    "hop ranges are `*N` or `*N..M` with 0 ≤ N ≤ M and M ≥ 1 (`*0..M` includes the start)",
                    code: .hops)
                return nil
            }
            hops = max(low, 0)...high
        }
        return .traverse(direction, label: label, hops: hops)
    }

    private mutating func parseSummarize() -> Stage.Kind? {
        guard let aggregates = parseSelectItems(requireNames: false) else { return nil }
        var groups: [SelectItem] = []
        if consumeWord("by") {
            guard let items = parseSelectItems(requireNames: false) else { return nil }
            groups = items
        }
        return .summarize(aggregates, by: groups)
    }

    mutating func parseSelectItems(requireNames: Bool) -> [SelectItem]? {
        var items: [SelectItem] = []
        repeat {
            if case .word(let name) = current.kind, peek(1) == .symbol("=") {
                advance()
                advance()
                guard let expression = parseExpression() else { return nil }
                items.append(SelectItem(expression: expression, alias: name))
                continue
            }
            guard let expression = parseExpression() else { return nil }
            var alias: String?
            if consumeWord("as") { alias = expectName("a column name after `as`") }
            if requireNames, alias == nil {
                diagnostics.append(
                    Diagnostic(
                        code: .extendName, message: "`extend` needs a name for each new column",
                        span: expression.span, hint: "write NAME = EXPR"))
                return nil
            }
            items.append(SelectItem(expression: expression, alias: alias))
        } while consume(",")
        return items
    }

    mutating func parseSortKeys(descendingUnlessAsc: Bool = false) -> [SortKey]? {
        var keys: [SortKey] = []
        repeat {
            guard let expression = parseExpression() else { return nil }
            var descending = descendingUnlessAsc
            if consumeWord("desc") {
                descending = true
            } else if consumeWord("asc") {
                descending = false
            }
            keys.append(SortKey(expression: expression, descending: descending))
        } while consume(",")
        return keys
    }

    mutating func parseExpressionList() -> [Expression]? {
        var list: [Expression] = []
        repeat {
            guard let expression = parseExpression() else { return nil }
            list.append(expression)
        } while consume(",")
        return list
    }
}
