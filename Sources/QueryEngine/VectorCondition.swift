import IncidentGraph
import PluginAPI
import QuerySyntax

/// A `where` condition on node properties worked out for a few thousand rows at a time, one
/// column at a time (``RowBatches``), with no value made per row: `phase == 3 and files_exfiltrated > 100`,
/// `files_exfiltrated * 2 + accounts_compromised > 300`, `vector != "vpn-device"`,
/// `lang == "ja" and malicious`, `ts in 2023-02..2023-10`, `actor == @mirrorface` (a link
/// chain followed as node numbers).
///
/// Only conditions that cannot fail are taken: properties of one kind read from their typed
/// columns, compared with constants of a type the evaluator compares them with, whole-number
/// arithmetic (a result past 64 bits is null, as ``Arithmetic`` makes it), `and`, `or`, `not`.
/// Working out every part for every row then gives what the evaluator's row-by-row,
/// short-circuit evaluation gives, nulls included; any other condition is left to it.
struct VectorCondition {
    private let root: Part

    /// The condition as column operations; nil when some part of it is not one.
    init?(_ condition: Expression, compiler: ExpressionCompiler) {
        guard let root = Part(condition, compiler) else { return nil }
        self.root = root
    }

    /// For each row, whether the condition holds for it (null counts as not).
    func matches(_ rows: [Row], context: EvaluationContext) throws(Diagnostic) -> [Bool] {
        var result: [Bool] = []
        result.reserveCapacity(rows.count)
        try RowBatches.forEach(rows, context: context) { nodes, _ in
            for truth in root.truths(nodes) { result.append(truth == Truth.yes) }
        }
        return result
    }
}

/// The truth of a condition for one row: false, true or null.
private enum Truth {
    static let no: UInt8 = 0
    static let yes: UInt8 = 1
    static let unknown: UInt8 = 2
}

/// A condition, as column operations.
private indirect enum Part {
    case compare(Number, BinaryOperator, Number)
    case range(Number, low: Int64, high: Int64, notIn: Bool)
    case text(PropertyReader, String, negated: Bool)
    case flag(PropertyReader)
    /// A link chain's node against one node (nil: an id no node has, equal to none).
    case link([LinkTargets], NodeID?, negated: Bool)
    case not(Part)
    case and(Part, Part)
    case or(Part, Part)

    init?(_ expression: Expression, _ compiler: ExpressionCompiler) {
        switch expression.kind {
        case .binary(let op, let left, let right) where op == .and || op == .or:
            guard let a = Part(left, compiler), let b = Part(right, compiler) else { return nil }
            self = op == .and ? .and(a, b) : .or(a, b)
        case .unary(.not, let operand):
            guard let part = Part(operand, compiler) else { return nil }
            self = .not(part)
        case .name(let name):
            guard let reader = compiler.directProperty(name), reader.type == .bool else { return nil }
            self = .flag(reader)
        case .binary(let op, let left, let right):
            if case .range(let low, let high) = right.kind {
                guard let range = Self.range(op, left, low, high, compiler) else { return nil }
                self = range
            } else if let text = Self.text(op, left, right, compiler) ?? Self.text(op, right, left, compiler) {
                self = text
            } else if let link = Self.link(op, left, right, compiler) ?? Self.link(op, right, left, compiler) {
                self = link
            } else if let comparison = Self.comparison(op, left, right, compiler) {
                self = comparison
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    /// `vector == "vpn-device"`, `"ja" != lang`.
    private static func text(
        _ op: BinaryOperator, _ name: Expression, _ other: Expression, _ compiler: ExpressionCompiler
    )
        -> Part?
    {
        guard op == .equal || op == .notEqual, case .name(let property) = name.kind,
            let reader = compiler.directProperty(property), reader.type == .string,
            case .string(let text) = compiler.constant(other)
        else { return nil }
        return .text(reader, text, negated: op == .notEqual)
    }

    /// `actor == @mirrorface`, `target.sector != "aerospace"`: as ``ExpressionCompiler/linkComparison(_:_:_:)``
    /// reads them (a node equals its id's text).
    private static func link(
        _ op: BinaryOperator, _ chain: Expression, _ literal: Expression, _ compiler: ExpressionCompiler
    ) -> Part? {
        guard op == .equal || op == .notEqual, let hops = compiler.linkChainTargets(chain) else { return nil }
        switch literal.kind {
        case .node(let id), .literal(.string(let id)):
            return .link(hops, compiler.graph.node(id: id), negated: op == .notEqual)
        default: return nil
        }
    }

    /// Two whole-number sides, or a stored instant, date or duration and a constant of a type
    /// it is compared with.
    private static func comparison(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, _ compiler: ExpressionCompiler
    ) -> Part? {
        let ordering: Bool
        switch op {
        case .equal, .notEqual: ordering = false
        case .less, .lessOrEqual, .greater, .greaterOrEqual: ordering = true
        default: return nil
        }
        if let a = Number(left, compiler), let b = Number(right, compiler) { return .compare(a, op, b) }
        // `ts >= 2023-06-01`: the constant in the column's scale (either side).
        for (stored, constant, swapped) in [(left, right, false), (right, left, true)] {
            guard case .name(let name) = stored.kind, let reader = compiler.directProperty(name),
                let value = compiler.constant(constant),
                let key = ExpressionCompiler.integerKey(value, comparedWith: reader.type, ordering: ordering)
            else { continue }
            return swapped
                ? .compare(.constant(key), op, .column(reader)) : .compare(.column(reader), op, .constant(key))
        }
        return nil
    }

    /// `files_exfiltrated in 1..100`, `ts not in 2021-01-01..2022-06-30`.
    private static func range(
        _ op: BinaryOperator, _ subject: Expression, _ low: Expression, _ high: Expression,
        _ compiler: ExpressionCompiler
    ) -> Part? {
        guard op == .in || op == .notIn, case .success(let (lower, upper)) = compiler.constantBounds(low, high) else {
            return nil
        }
        if let number = Number(subject, compiler), case .int(let a) = lower, case .int(let b) = upper {
            return .range(number, low: Int64(a), high: Int64(b), notIn: op == .notIn)
        }
        guard case .name(let name) = subject.kind, let reader = compiler.directProperty(name),
            let a = ExpressionCompiler.integerKey(lower, comparedWith: reader.type, ordering: true),
            let b = ExpressionCompiler.integerKey(upper, comparedWith: reader.type, ordering: true)
        else { return nil }
        return .range(.column(reader), low: a, high: b, notIn: op == .notIn)
    }

    /// The truth for each of `nodes` (-1: a row without a node).
    func truths(_ nodes: [Int32]) -> [UInt8] {
        switch self {
        case .compare(let left, let op, let right):
            let (a, b) = (left.values(nodes), right.values(nodes))
            return (0..<nodes.count).map { index in
                guard let x = a[index], let y = b[index] else { return Truth.unknown }
                let holds: Bool =
                    switch op {
                    case .equal: x == y
                    case .notEqual: x != y
                    case .less: x < y
                    case .lessOrEqual: x <= y
                    case .greater: x > y
                    default: x >= y
                    }
                return holds ? Truth.yes : Truth.no
            }
        case .range(let subject, let low, let high, let notIn):
            return subject.values(nodes).map { value in
                guard let value else { return Truth.unknown }
                return (low <= value && value <= high) != notIn ? Truth.yes : Truth.no
            }
        case .text(let reader, let text, let negated):
            return nodes.map { node in
                guard node >= 0, let equal = reader.text(of: NodeID(index: Int(node)), equals: text) else {
                    return Truth.unknown
                }
                return equal != negated ? Truth.yes : Truth.no
            }
        case .flag(let reader):
            return nodes.map { node in
                guard node >= 0, let flag = reader.flag(of: NodeID(index: Int(node))) else { return Truth.unknown }
                return flag ? Truth.yes : Truth.no
            }
        case .link(let hops, let target, let negated):
            let wanted = target.map { Int32($0.index) } ?? -2
            return nodes.map { node in
                var reached = node
                for hop in hops where reached >= 0 { reached = hop.target(ofNumber: reached) }
                guard reached >= 0 else { return Truth.unknown }
                return (reached == wanted) != negated ? Truth.yes : Truth.no
            }
        case .not(let part):
            return part.truths(nodes).map { $0 == Truth.unknown ? $0 : 1 - $0 }
        case .and(let left, let right):
            // false wins, then null (Kleene logic, as the evaluator's `and`).
            return zip(left.truths(nodes), right.truths(nodes)).map { a, b in
                a == Truth.no || b == Truth.no ? Truth.no : a == Truth.yes && b == Truth.yes ? Truth.yes : Truth.unknown
            }
        case .or(let left, let right):
            return zip(left.truths(nodes), right.truths(nodes)).map { a, b in
                a == Truth.yes || b == Truth.yes ? Truth.yes : a == Truth.no && b == Truth.no ? Truth.no : Truth.unknown
            }
        }
    }
}

/// A whole number per row: a stored property, a constant, or `+ - * %` of two.
private indirect enum Number {
    case column(PropertyReader)
    case constant(Int64)
    case arithmetic(BinaryOperator, Number, Number)

    /// Only `int` values: an instant or a date is compared with constants alone (``Part``).
    init?(_ expression: Expression, _ compiler: ExpressionCompiler) {
        switch expression.kind {
        case .name(let name) where compiler.variables[name] == nil:
            guard let reader = compiler.directProperty(name), reader.type == .int else { return nil }
            self = .column(reader)
        case .binary(let op, let left, let right) where [.add, .subtract, .multiply, .remainder].contains(op):
            guard let a = Number(left, compiler), let b = Number(right, compiler) else { return nil }
            self = .arithmetic(op, a, b)
        default:
            guard case .int(let number) = compiler.constant(expression) else { return nil }
            self = .constant(Int64(number))
        }
    }

    /// The number for each of `nodes`; nil where the row has none (null, or past 64 bits).
    func values(_ nodes: [Int32]) -> [Int64?] {
        switch self {
        case .column(let reader):
            return reader.integers(of: nodes)
        case .constant(let number):
            return [Int64?](repeating: number, count: nodes.count)
        case .arithmetic(let op, let left, let right):
            return zip(left.values(nodes), right.values(nodes)).map { a, b in
                guard let a, let b else { return nil }
                let (result, overflow): (Int64, Bool) =
                    switch op {
                    case .add: a.addingReportingOverflow(b)
                    case .subtract: a.subtractingReportingOverflow(b)
                    case .multiply: a.multipliedReportingOverflow(by: b)
                    default: b == 0 ? (0, true) : a.remainderReportingOverflow(dividingBy: b)
                    }
                return overflow ? nil : result
            }
        }
    }
}
