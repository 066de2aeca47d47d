import Foundation
import IncidentGraph
import QuerySyntax
import Spelling

/// What the language's operators and functions do to values: the one definition of its
/// semantics, which ``ExpressionCompiler`` compiles every expression to. Comparisons with
/// `null` are `null` (false in `where`).
struct Semantics {
    let context: EvaluationContext

    /// A property of a node, or the node(s) a named link reaches.
    func nodeField(_ node: NodeID, _ name: String) -> Value {
        let graph = context.graph
        if let link = graph.schema.links(of: graph.kindName(of: node)).first(where: { $0.name == name }) {
            if link.isSingleValued {
                let reached = graph.firstNeighbour(of: node, direction: link.direction, label: link.label)
                return reached.map(context.value(of:)) ?? .null
            }
            return .list(
                graph.neighbours(of: node, direction: link.direction, label: link.label).map(context.value(of:)))
        }
        return context.annotation(name, of: node) ?? graph.value(name, of: node)
    }

    /// `base.name`: a property or link of a node, of each node of a list; null of null.
    func member(_ base: Value, _ name: String, at span: SourceSpan) throws(Diagnostic) -> Value {
        switch base {
        case .node(let reference):
            guard context.isKnownName(name) else {
                throw Diagnostic(
                    code: .unknownName, message: "no kind has a property or link `\(name)`", span: span,
                    hint: Spelling.suggestion(for: name, among: context.knownNames).map { "did you mean `\($0)`?" })
            }
            return nodeField(reference.node, name)
        case .list(let elements):
            var values: [Value] = []
            for element in elements { values.append(try member(element, name, at: span)) }
            return .list(values)
        case .null: return .null
        default:
            throw typeError("`.\(name)` reads a property of a node", base, at: span)
        }
    }

    /// "No node has id", with the nearest id as a hint when the graph is small enough to look.
    static func unknownNode(_ id: String, at span: SourceSpan, in graph: IncidentGraph) -> Diagnostic {
        let suggestion =
            graph.nodeCount <= 50_000
            ? Spelling.suggestion(for: id, among: graph.allNodes.lazy.map { graph.id(of: $0) }) : nil
        return Diagnostic(
            code: .unknownNode, message: "no node has id `\(TextWidth.truncate(id, toWidth: 40))`", span: span,
            hint: suggestion.map { "did you mean `@\($0)`?" } ?? "Tab after @ completes ids")
    }

    // MARK: Operators

    /// `subject in lower..upper` (or `not in`) on values already evaluated, `upper` as
    /// ``upperBound(of:)`` gives it; null when the subject is null.
    func rangeMembership(_ subject: Value, _ lower: Value, _ upper: Value, notIn: Bool, at span: SourceSpan)
        throws(Diagnostic) -> Value
    {
        guard !subject.isNull, let a = ValueOrder.compare(subject, lower), let b = ValueOrder.compare(subject, upper)
        else {
            if !subject.isNull, !lower.isNull {
                throw typeError("cannot compare this with the range's bounds", subject, at: span)
            }
            return .null
        }
        return .bool((a >= 0 && b <= 0) != notIn)
    }

    /// An operator other than `and`, `or` and a range `in`, on two values already evaluated.
    func combine(
        _ op: BinaryOperator, _ a: Value, _ b: Value, left leftSpan: SourceSpan, right rightSpan: SourceSpan,
        at span: SourceSpan
    ) throws(Diagnostic) -> Value {
        switch op {
        case .equal, .notEqual:
            guard let equal = try equality(a, b, at: span) else { return .null }
            return .bool(equal == (op == .equal))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            if a.isNull || b.isNull { return .null }
            guard let order = ValueOrder.compare(a, b) else {
                throw Diagnostic(
                    code: .incomparable, message: "cannot compare \(Self.describe(a)) with \(Self.describe(b))",
                    span: span,
                    hint: Self.comparisonHint(a, b))
            }
            return .bool(ValueOrder.holds(op, order: order))
        case .in, .notIn:
            if a.isNull { return .null }
            guard case .list(let elements) = b else {
                throw typeError("`in` needs a list or a range on its right", b, at: rightSpan)
            }
            let found = elements.contains { ValueOrder.equal(a, $0) == true }
            return .bool(found != (op == .notIn))
        case .contains, .startsWith, .endsWith:
            if a.isNull || b.isNull { return .null }
            if case .list(let elements) = a, op == .contains {
                return .bool(elements.contains { ValueOrder.equal($0, b) == true })
            }
            guard case .string(let text) = a, case .string(let part) = b else {
                throw typeError(
                    "`\(op.rawValue)` works on text", a.stringValue == nil ? a : b, at: span,
                    hint: Self.nodeTextHint(a, b))
            }
            return .bool(Self.text(text, op, part))
        case .matches:
            guard case .string(let pattern) = b else {
                if b.isNull { return .null }
                throw typeError("`~` needs a regular expression in quotes on its right", b, at: rightSpan)
            }
            let expression: NSRegularExpression
            switch context.regexes.expression(pattern) {
            case .success(let compiled): expression = compiled
            case .failure(.invalid):
                throw Diagnostic(
                    code: .regex, message: "`\(pattern)` is not a valid regular expression", span: rightSpan)
            case .failure(.risky(let group)):
                throw Diagnostic(
                    code: .regex,
                    message: "`\(group)` repeats a group that itself repeats: such a pattern can take exponential time",
                    span: rightSpan, hint: "write it without the nested repetition, e.g. (ab)+ or a+ instead of (a+)+")
            }
            if a.isNull { return .null }
            guard case .string(var text) = a else {
                throw typeError(
                    "`~` matches text against a regular expression", a, at: span, hint: Self.nodeTextHint(a, b))
            }
            if let quick = context.regexes.quickMatch(pattern), let found = text.withUTF8(quick.match(inUTF8:)) {
                return .bool(found)
            }
            let match = RegexCache.firstMatch(expression, in: text, cancellation: context.cancellation)
            if match.stopped {
                try context.checkCancelled()
                throw Diagnostic(
                    code: .regexBudget,
                    message:
                        "`\(pattern)` backtracks too long on a \(text.count)-character value; the match was stopped",
                    span: rightSpan,
                    hint:
                        "repetitions side by side that can match the same text (a*a*) backtrack without end; write one (a*)"
                )
            }
            return .bool(match.found)
        case .add, .subtract, .multiply, .divide, .remainder:
            return try Arithmetic.apply(op, a, b, at: span)
        case .and, .or:
            return .null
        }
    }

    private func equality(_ a: Value, _ b: Value, at span: SourceSpan) throws(Diagnostic) -> Bool? {
        if a.isNull || b.isNull { return nil }
        if let equal = ValueOrder.equal(a, b) { return equal }
        throw Diagnostic(
            code: .incomparable, message: "cannot compare \(Self.describe(a)) with \(Self.describe(b))", span: span,
            hint: Self.comparisonHint(a, b))
    }

    func truth(_ value: Value, at span: SourceSpan) throws(Diagnostic) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .null: return nil
        default: throw typeError("a condition must be true or false", value, at: span)
        }
    }

    /// A month or date used as an upper bound covers its whole period: `..2023-10` ends on
    /// Oct 31. The end of the month a month literal names, as an instant.
    static func endOfMonth(year: Int, month: Int) -> Value? {
        guard let first = Day(year: year, month: month, day: 1) else { return nil }
        let next = month == 12 ? Day(year: year + 1, month: 1, day: 1) : Day(year: year, month: month + 1, day: 1)
        return .instant(Instant(millisecondsSinceEpoch: Int64((next ?? first).daysSinceEpoch) * 86_400_000 - 1))
    }

    /// A value used as an upper bound: a date covers its whole day.
    static func upperBound(of value: Value) -> Value {
        if case .date(let day) = value {
            return .instant(Instant(millisecondsSinceEpoch: (Int64(day.daysSinceEpoch) + 1) * 86_400_000 - 1))
        }
        return value
    }

    /// The value a literal stands for; months and dates start at midnight UTC.
    static func value(of literal: Literal, at span: SourceSpan) throws(Diagnostic) -> Value {
        switch literal {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .int(number)
        case .decimal(let number): return .double(number)
        case .string(let text): return .string(text)
        case .duration(let seconds): return .duration(TimeSpan(seconds: seconds))
        case .date(let year, let month, let day):
            guard let date = Day(year: year, month: month, day: day) else {
                throw Diagnostic(code: .date, message: "there is no date \(year)-\(month)-\(day)", span: span)
            }
            return .date(date)
        case .month(let year, let month):
            guard let date = Day(year: year, month: month, day: 1) else {
                throw Diagnostic(code: .date, message: "there is no month \(year)-\(month)", span: span)
            }
            return .date(date)
        case .dateTime(let text):
            let zoned = text.hasSuffix("Z") || text.dropFirst(16).contains("+") || text.dropFirst(16).contains("-")
            guard let instant = Instant(iso8601: zoned ? text : text + "Z") else {
                throw Diagnostic(
                    code: .date, message: "`\(text)` is not a valid date-time", span: span,
                    hint: "write 2023-02-01T09:30Z or 2023-02-01T17:30+08:00")
            }
            return .instant(instant)
        }
    }

    func typeError(_ message: String, _ value: Value, at span: SourceSpan, hint: String? = nil) -> Diagnostic {
        Diagnostic(code: .typeMismatch, message: "\(message), not \(Self.describe(value))", span: span, hint: hint)
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool: "true/false"
        case .int, .double: "a number"
        case .string(let text): "text \"\(TextWidth.truncate(text, toWidth: 20))\""
        case .instant: "a date-time"
        case .date: "a date"
        case .duration: "a duration"
        case .list: "a list"
        case .node(let node): "node @\(node.id)"
        }
    }

    /// What to write instead, for the comparisons analysts most often get wrong.
    static func comparisonHint(_ a: Value, _ b: Value) -> String? {
        switch (a, b) {
        case (.instant, .string), (.date, .string), (.string, .instant), (.string, .date):
            return "write dates without quotes: ts >= 2024-06-01"
        case (.node, .string), (.string, .node):
            return "compare nodes with @id: actor == @mirrorface"
        default:
            return nil
        }
    }

    /// For a text test given a node, how to test its id instead; nil when neither side is a node.
    static func nodeTextHint(_ a: Value, _ b: Value) -> String? {
        switch (a, b) {
        case (.node, _), (_, .node): "a node is not text; test its id: write `.id` after it (`target.id ~ \"^org-\"`)"
        default: nil
        }
    }

    /// Whether `text` contains, starts with or ends with (`op`) `part`, comparing Unicode scalars.
    static func text(_ text: String, _ op: BinaryOperator, _ part: String) -> Bool {
        switch op {
        case .contains: part.isEmpty || containsBytes(text, part)
        case .startsWith: text.unicodeScalars.starts(with: part.unicodeScalars)
        default: text.unicodeScalars.reversed().starts(with: part.unicodeScalars.reversed())
        }
    }

    /// Whether the UTF-8 bytes `text` start with (or, not `atStart`, end with) the UTF-8 bytes
    /// `part`: ``text(_:_:_:)`` of the texts they are, since `part`'s bytes begin and end at a
    /// scalar's bounds (its bytes at a text's start or end are its scalars there).
    @inline(__always)
    static func bounds(_ text: UnsafeBufferPointer<UInt8>, atStart: Bool, _ part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard part.count <= text.count else { return false }
        guard let start = text.baseAddress, let wanted = part.baseAddress else { return true }
        // No call to `memcmp`, a part is a few bytes: eight at a time from eight on, else one by
        // one (most texts differ in the first).
        let compared = atStart ? start : start + text.count - part.count
        guard part.count < 8 else { return ShortBytes.equal(compared, wanted, count: part.count) }
        for index in 0..<part.count where compared[index] != wanted[index] { return false }
        return true
    }

    /// Whether `part` occurs in `text`, comparing UTF-8 bytes (a match of bytes is a match of
    /// Unicode scalars, since UTF-8 sequences cannot start inside one another).
    static func containsBytes(_ text: String, _ part: String) -> Bool {
        var text = text
        var part = part
        return text.withUTF8 { haystack in part.withUTF8 { needle in containsBytes(haystack, needle) } }
    }

    /// Whether the UTF-8 bytes `needle` occur in `haystack`.
    static func containsBytes(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let part = needle.baseAddress, !needle.isEmpty else { return true }  // an empty part
        guard let text = haystack.baseAddress, needle.count <= haystack.count else { return false }
        // Each place the part's first byte is (memchr reads many bytes at a time), compared whole.
        let end = text + haystack.count - needle.count + 1
        var next = text
        while next < end, let found = memchr(next, Int32(part.pointee), end - next) {
            let candidate = found.assumingMemoryBound(to: UInt8.self)
            if memcmp(candidate, part, needle.count) == 0 { return true }
            next = UnsafePointer(candidate + 1)
        }
        return false
    }
}
