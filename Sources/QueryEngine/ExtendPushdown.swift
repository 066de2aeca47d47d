import IncidentGraph
import PluginAPI
import QuerySyntax

/// The `extend` rewrite: columns an `extend` (or a `select`) computes from a kind's nodes by
/// what cannot fail — whole-number and decimal arithmetic of `int` properties (``Number``,
/// ``DecimalNumber``), calendar fields and the day of a stored instant, a property or the
/// built-in `id`, `kind` or `provenance` itself, `len` of a text property, text made of text properties
/// and literals by `lower`, `upper`, `trim` and `+` (`lower(theme) + "/" + lang`), `split` of a text
/// property by a text that is not empty, a single-valued link or a field of the node it reaches (`target.name`),
/// a condition worked out column by column that cannot fail (`big = files_exfiltrated > 100`) — are worked out
/// inside the stages right after it instead of stored on every row: a `where` after the
/// `extend` moves before it (the rows it drops are never extended), and a `count` or
/// `summarize` after it reads the definitions themselves, so the extended rows are never made;
/// a `sort`, `top`, `take` or `skip` after it moves before it (sorting by the definitions), so
/// that only the rows kept are extended (`select id, ts | skip 500000 | take 3` makes 3 rows). `incidents | extend y = year(ts) | where y > 2022 | count
/// by y` runs as `incidents | where year(ts) > 2022 | count by year(ts) as y`, and `incidents |
/// extend t = a + b | sort t desc | take 3` as `incidents | sort a + b desc | take 3 | extend t
/// = a + b`: the same rows, names and provenance, and since the definitions cannot fail, the
/// same errors. A `select` moves the same way: its rows still stand for their nodes, whose
/// properties a later stage may read as well as its columns.
extension QueryRunner {
    /// `query` with its `extend` and `select` stages pushed into the stages after them where
    /// that gives the same result; the query itself when none is.
    func pushingDownExtends(_ query: Query) -> Query {
        // Only on a kind's nodes, before any stage but `where`: the definitions then read the
        // nodes' properties, not columns of a table.
        guard case .name(let source) = query.source.kind, context.state.bindings[source] == nil,
            context.graph.schema.kind(named: source) != nil
        else { return query }
        var stages = query.stages
        var index = 0
        while index + 1 < stages.count {
            if case .filter = stages[index].kind {
                index += 1
                continue
            }
            let items: [SelectItem]
            switch stages[index].kind {
            case .extend(let extended): items = extended
            case .select(let selected): items = selected
            default: return Query(source: query.source, stages: stages, span: query.span)
            }
            guard let definitions = pushable(items) else { break }
            let next = stages[index + 1]
            switch next.kind {
            case .filter(let condition):
                guard let moved = Self.substituting(definitions, in: condition) else { return query }
                stages[index + 1] = stages[index]
                stages[index] = Stage(.filter(moved), next.span)
                index += 1
            case .sort(let keys):
                guard let moved = Self.substituting(definitions, in: keys) else { return query }
                stages[index + 1] = stages[index]
                stages[index] = Stage(.sort(moved), next.span)
                index += 1
            case .top(let count, let key):
                guard let moved = Self.substituting(definitions, in: [key]) else { return query }
                stages[index + 1] = stages[index]
                stages[index] = Stage(.top(count, moved[0]), next.span)
                index += 1
            case .take:
                // A row count reads no column.
                stages.swapAt(index, index + 1)
                index += 1
            case .skip(let count) where Self.constantCount(count).map({ $0 > 0 }) ?? true:
                // As `take`; a `skip 0` skips nothing and stays (tests write one after an
                // `extend` to keep it a stage of its own, its rows made).
                stages.swapAt(index, index + 1)
                index += 1
            case .count(let groups):
                guard let keys = substituting(definitions, in: groups) else { return query }
                // One stage written as both (`:explain` shows them as one step).
                let span = SourceSpan(start: stages[index].span.start, end: next.span.end)
                stages.replaceSubrange(index...index + 1, with: [Stage(.count(by: keys), span)])
                return Query(source: query.source, stages: stages, span: query.span)
            case .summarize(let aggregates, let groups):
                guard let values = substituting(definitions, in: aggregates),
                    let keys = substituting(definitions, in: groups)
                else { return query }
                let span = SourceSpan(start: stages[index].span.start, end: next.span.end)
                stages.replaceSubrange(index...index + 1, with: [Stage(.summarize(values, by: keys), span)])
                return Query(source: query.source, stages: stages, span: query.span)
            default:
                return Query(source: query.source, stages: stages, span: query.span)
            }
        }
        return Query(source: query.source, stages: stages, span: query.span)
    }

    /// Each item's name and definition, when every one cannot fail on a node: whole-number
    /// arithmetic of `int` properties and calendar fields of stored instants (what ``Number``
    /// takes) and their day (`date(ts)`), a declared property or the built-in `id`, `kind` or
    /// `provenance` read as it is, a chain of single-valued links and a field of the node it
    /// reaches (`target.name`, `target.sector`), or a condition ``VectorCondition`` takes that
    /// cannot fail (`files_exfiltrated > 100 and phase == 2`). An item without a name is named as
    /// written (`target.name`), as its column is.
    private func pushable(_ items: [SelectItem]) -> [String: Expression]? {
        let compiler = compiler(columns: [], [:])
        var definitions: [String: Expression] = [:]
        for item in items {
            var written = text(item.expression.span)
            if case .name(let plain) = item.expression.kind { written = plain }
            let name = item.alias ?? written
            guard definitions[name] == nil else { return nil }
            if case .name(let property) = item.expression.kind,
                compiler.directProperty(property) != nil || compiler.readsID(property)
                    || compiler.readsBuiltIn(property)
            {
                definitions[name] = item.expression
            } else if Number(item.expression, compiler) != nil || DecimalNumber(item.expression, compiler) != nil
                || Number.days(item.expression, compiler) != nil || readsLinkedField(item.expression, compiler)
                || joinsTextProperties(item.expression, compiler) || splitsTextProperty(item.expression, compiler)
                || VectorCondition(item.expression, compiler: compiler)?.cannotFail == true
            {
                definitions[name] = item.expression
            } else {
                return nil
            }
        }
        return definitions
    }

    /// Whether `expression` is text made of text literals and `string` properties by `lower`,
    /// `upper`, `trim` and `+` (`lower(theme) + "/" + lang`) that cannot fail: a text or null. A
    /// `+` fails only when its text would pass ``Arithmetic/maximumTextBytes``, so one that joins
    /// is taken when the longest text it can make fits, the properties' longest texts measured.
    private func joinsTextProperties(_ expression: Expression, _ compiler: ExpressionCompiler) -> Bool {
        var joins = false
        guard isTextOfProperties(expression, compiler, joins: &joins) else { return false }
        return !joins || longestText(expression, compiler) <= Arithmetic.maximumTextBytes
    }

    /// Whether `expression` is made of text literals and `string` properties by `lower`, `upper`,
    /// `trim` and `+`, noting in `joins` whether it holds a `+`.
    private func isTextOfProperties(_ expression: Expression, _ compiler: ExpressionCompiler, joins: inout Bool)
        -> Bool
    {
        switch expression.kind {
        case .literal(.string): return true
        case .name(let property): return compiler.directProperty(property)?.type == .string
        case .call(let function, let arguments):
            return ["lower", "upper", "trim"].contains(function) && arguments.count == 1
                && compiler.semantics.context.state.functions[function] == nil
                && isTextOfProperties(arguments[0], compiler, joins: &joins)
        case .binary(.add, let left, let right):
            joins = true
            return isTextOfProperties(left, compiler, joins: &joins)
                && isTextOfProperties(right, compiler, joins: &joins)
        default: return false
        }
    }

    /// The most UTF-8 bytes an expression ``isTextOfProperties(_:_:joins:)`` takes can give.
    private func longestText(_ expression: Expression, _ compiler: ExpressionCompiler) -> Int {
        switch expression.kind {
        case .literal(.string(let text)): return text.utf8.count
        case .name(let property): return compiler.directProperty(property)?.longestText ?? 0
        case .call("trim", let arguments): return longestText(arguments[0], compiler)
        // A scalar's full case mapping is at most three scalars: a scalar beyond ASCII (two bytes
        // or more) grows to at most twelve bytes, and ASCII maps to ASCII.
        case .call(_, let arguments): return 6 * longestText(arguments[0], compiler)
        case .binary(_, let left, let right): return longestText(left, compiler) + longestText(right, compiler)
        default: return 0
        }
    }

    /// Whether `expression` is `split` of a `string` property by a text that is not empty: a
    /// list of texts or null, never a failure.
    private func splitsTextProperty(_ expression: Expression, _ compiler: ExpressionCompiler) -> Bool {
        guard case .call("split", let arguments) = expression.kind, arguments.count == 2,
            compiler.semantics.context.state.functions["split"] == nil, case .name(let property) = arguments[0].kind,
            case .literal(.string(let separator)) = arguments[1].kind, !separator.isEmpty
        else { return false }
        return compiler.directProperty(property)?.type == .string
    }

    /// Whether `expression` is a chain of single-valued links (`target.sector`) or a field the
    /// language knows of the node one reaches (`target.name`): followed as node numbers, it
    /// reads null where a link reaches nothing and never fails.
    private func readsLinkedField(_ expression: Expression, _ compiler: ExpressionCompiler) -> Bool {
        if compiler.linkChainTargets(expression) != nil { return true }
        guard case .member(let base, let name) = expression.kind else { return false }
        return context.isKnownName(name) && compiler.linkChainTargets(base) != nil
    }

    /// Items with each name of `definitions` replaced by its definition, each keeping the name
    /// it had as a column (its alias, or its text as written).
    private func substituting(_ definitions: [String: Expression], in items: [SelectItem]) -> [SelectItem]? {
        var result: [SelectItem] = []
        for item in items {
            guard let expression = Self.substituting(definitions, in: item.expression) else { return nil }
            result.append(SelectItem(expression: expression, alias: item.alias ?? text(item.expression.span)))
        }
        return result
    }

    /// Sort keys with each name of `definitions` replaced by its definition.
    private static func substituting(_ definitions: [String: Expression], in keys: [SortKey]) -> [SortKey]? {
        var result: [SortKey] = []
        for key in keys {
            guard let expression = substituting(definitions, in: key.expression) else { return nil }
            result.append(SortKey(expression: expression, descending: key.descending))
        }
        return result
    }

    /// `expression` with each name of `definitions` replaced by its definition; nil when it
    /// holds a lambda (whose parameter could be one of the names).
    private static func substituting(_ definitions: [String: Expression], in expression: Expression) -> Expression? {
        switch expression.kind {
        case .name(let name): definitions[name] ?? expression
        case .lambda: nil
        default: expression.replacingParts { substituting(definitions, in: $0) }
        }
    }
}
