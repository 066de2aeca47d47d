import IncidentGraph
import PluginAPI
import QuerySyntax

/// `count [by …]` and `summarize AGG, … [by …]`: rows grouped by key values.
struct Grouping {
    let runner: QueryRunner
    let input: RowSet
    let variables: [String: Value]

    /// Counts per group, largest first (ties by key); a single `count` row without groups.
    func count(by groups: [SelectItem]) throws(Diagnostic) -> RowSet {
        guard !groups.isEmpty else {
            return RowSet(
                columns: ["count"], rows: [Row(node: nil, values: [.int(input.rows.count)])], carriesNodes: false)
        }
        let buckets = try grouped(by: groups)
        let rows = buckets.map { Row(node: nil, values: $0.key + [.int($0.rows.count)]) }
            .sorted { a, b in
                let (x, y) = (a.values.last?.intValueOrZero ?? 0, b.values.last?.intValueOrZero ?? 0)
                return x != y ? x > y : Self.keyOrder(a.values.dropLast(), b.values.dropLast())
            }
        return RowSet(columns: names(groups) + ["count"], rows: rows, carriesNodes: false)
    }

    /// Aggregates per group, groups in key order.
    func summarize(_ aggregates: [SelectItem], by groups: [SelectItem]) throws(Diagnostic) -> RowSet {
        var calls: [(name: String, argument: Expression?)] = []
        for item in aggregates {
            guard case .call(let name, let arguments) = item.expression.kind,
                Evaluator.aggregateNames.contains(name) || runner.context.registry.aggregate(named: name) != nil,
                arguments.count <= 1
            else {
                throw Diagnostic(
                    code: "summarize.aggregate",
                    message: "`summarize` takes aggregates such as count(), sum(x), avg(x)",
                    span: item.expression.span,
                    hint: "aggregates: " + Evaluator.aggregateNames.map { $0 + "()" }.joined(separator: " "))
            }
            if name != "count", arguments.isEmpty {
                throw Diagnostic(
                    code: "call.arity", message: "`\(name)` needs a value to aggregate", span: item.expression.span)
            }
            calls.append((name, arguments.first))
        }
        let buckets = groups.isEmpty ? [(key: [Value](), rows: Array(input.rows.indices))] : try grouped(by: groups)
        var rows: [Row] = []
        let arguments = calls.map { call in call.argument.map { runner.compiler(input, variables).compile($0) } }
        for bucket in buckets.sorted(by: { Self.keyOrder($0.key[...], $1.key[...]) }) {
            var values = bucket.key
            for ((call, argument), item) in zip(zip(calls, arguments), aggregates) {
                values.append(try aggregate(call.name, argument, bucket.rows, span: item.expression.span))
            }
            rows.append(Row(node: nil, values: values))
        }
        return RowSet(columns: names(groups) + names(aggregates), rows: rows, carriesNodes: false)
    }

    private func names(_ items: [SelectItem]) -> [String] {
        items.map { $0.alias ?? runner.text($0.expression.span) }
    }

    /// Groups in order of first appearance, each with the positions of its rows.
    private func grouped(by groups: [SelectItem]) throws(Diagnostic) -> [(key: [Value], rows: [Int])] {
        let keys = groups.map { runner.compiler(input, variables).compile($0.expression) }
        var positions: [GroupKey: Int] = [:]
        var buckets: [(key: GroupKey, rows: [Int])] = []
        for (index, row) in input.rows.enumerated() {
            if index % 4096 == 0 { try runner.context.checkCancelled() }
            let key: GroupKey
            switch keys.count {
            case 1: key = .one(try keys[0](row))
            case 2: key = .two(try keys[0](row), try keys[1](row))
            default:
                var values: [Value] = []
                for group in keys { values.append(try group(row)) }
                key = .many(values)
            }
            if let position = positions[key] {
                buckets[position].rows.append(index)
            } else {
                positions[key] = buckets.count
                buckets.append((key, [index]))
            }
        }
        return buckets.map { ($0.key.values, $0.rows) }
    }

    /// A group's key; one or two values without allocating an array for each row.
    private enum GroupKey: Hashable {
        case one(Value)
        case two(Value, Value)
        case many([Value])

        var values: [Value] {
            switch self {
            case .one(let value): [value]
            case .two(let first, let second): [first, second]
            case .many(let values): values
            }
        }
    }

    private func aggregate(
        _ name: String, _ argument: ExpressionCompiler.Compiled?, _ rows: [Int], span: SourceSpan
    ) throws(Diagnostic)
        -> Value
    {
        var values: [Value] = []
        if let argument {
            values.reserveCapacity(rows.count)
            for row in rows { values.append(try argument(input.rows[row])) }
        }
        if let registered = runner.context.registry.aggregate(named: name) {
            do {
                return try registered.definition.run(values)
            } catch {
                throw Diagnostic(
                    code: "plugin.error", message: "\(registered.owner): \(error.message)", span: span,
                    hint: error.hint)
            }
        }
        let present = values.filter { !$0.isNull }
        switch name {
        case "count": return .int(argument == nil ? rows.count : present.count)
        case "collect": return .list(present)
        case "distinct_count": return .int(Set(present).count)
        case "first": return present.first ?? .null
        case "last": return present.last ?? .null
        case "min", "max":
            let sorted = present.sorted { ValueOrder.sortOrder($0, $1) < 0 }
            return (name == "min" ? sorted.first : sorted.last) ?? .null
        default:
            guard present.allSatisfy({ if case .int = $0 { true } else if case .double = $0 { true } else { false } })
            else {
                throw Diagnostic(
                    code: "type.aggregate", message: "`\(name)` needs numbers, but some values are not numbers",
                    span: span)
            }
            if present.isEmpty { return .null }
            switch name {
            case "sum":
                if present.allSatisfy({ if case .int = $0 { true } else { false } }) {
                    return .int(present.reduce(0) { $0 &+ $1.intValueOrZero })
                }
                return .double(present.reduce(0) { $0 + Arithmetic.number($1) })
            case "avg": return .double(present.reduce(0) { $0 + Arithmetic.number($1) } / Double(present.count))
            default:
                let sorted = present.map(Arithmetic.number).sorted()
                let middle = sorted.count / 2
                return .double(sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2)
            }
        }
    }

    private static func keyOrder(_ a: ArraySlice<Value>, _ b: ArraySlice<Value>) -> Bool {
        for (x, y) in zip(a, b) {
            if x.isNull != y.isNull { return y.isNull }
            let order = ValueOrder.sortOrder(x, y)
            if order != 0 { return order < 0 }
        }
        return false
    }
}
