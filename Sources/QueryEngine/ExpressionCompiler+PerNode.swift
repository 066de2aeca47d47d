import IncidentGraph
import PluginAPI
import QuerySyntax

/// An expression that reads the row only through one link chain (`lower(lure.subject) contains
/// "taiwan"` reads only `lure`) has one value per linked node: it is worked out the first time
/// a node is met and remembered for the others, so a lure used by three incidents is lowered
/// and searched once.
extension ExpressionCompiler {
    /// What an expression reads from the row.
    enum RowDependence {
        /// Nothing: a constant.
        case none
        /// Only properties of the node one link chain reaches (the chain itself).
        case chain(Expression)
        /// Anything else.
        case other

        func and(_ next: RowDependence) -> RowDependence {
            switch (self, next) {
            case (.none, _): next
            case (_, .none): self
            case (.chain(let a), .chain(let b)) where a.dottedName == b.dottedName: self
            default: .other
            }
        }
    }

    /// `compiled` remembered per node of the link chain it depends on, when it depends on the
    /// row only through one and does work worth remembering (a function call or a text
    /// comparison); `compiled` itself otherwise.
    func rememberedPerNode(_ expression: Expression, _ compiled: @escaping Compiled) -> Compiled {
        guard isWorthRemembering(expression), case .chain(let chain) = dependence(expression),
            let reader = compileLinkChain(chain)
        else { return compiled }
        let memory = PerNodeMemory(nodes: graph.nodeCount)
        return { row throws(Diagnostic) in
            guard let node = reader(row) else { return try compiled(row) }
            if let value = memory.value(of: node.index) { return value }
            let value = try compiled(row)
            memory.remember(value, for: node.index)
            return value
        }
    }

    /// What `expression` reads from the row.
    func dependence(_ expression: Expression) -> RowDependence {
        switch expression.kind {
        case .literal, .node:
            return .none
        case .name(let name):
            return variables[name] != nil && bound[name] == nil ? .none : .other
        case .member(let base, _):
            guard expression.dottedName.map(columns.contains) == false, compileLinkChain(base) != nil,
                compileLinkChain(expression) == nil
            else { return .other }
            return .chain(base)
        case .binary(_, let left, let right):
            if case .range = right.kind { return .other }
            return dependence(left).and(dependence(right))
        case .unary(_, let operand), .isNull(let operand, _):
            return dependence(operand)
        case .list(let elements):
            return elements.reduce(RowDependence.none) { $0.and(dependence($1)) }
        case .call(let name, let arguments):
            guard readsOnlyArguments(name) else { return .other }
            return arguments.reduce(RowDependence.none) { $0.and(dependence($1)) }
        default:
            return .other
        }
    }

    /// The names `expression` reads from the row (variables aside), when it reads nothing
    /// else: names, constants, operators, the language's own functions, and `any` or `all` of
    /// a list with a condition on its elements (`any(tags, t => t starts with "lead")`, whose
    /// element's name is no name of the row); nil when it reads more. Rows with the same values
    /// under these names give it the same value.
    func namesRead(_ expression: Expression) -> Set<String>? {
        var names: Set<String> = []
        func reads(_ expression: Expression, _ elements: Set<String>) -> Bool {
            func read(_ part: Expression) -> Bool { reads(part, elements) }
            switch expression.kind {
            case .literal, .node: return true
            case .name(let name):
                if !isVariable(name), !elements.contains(name) { names.insert(name) }
                return true
            case .binary(_, let left, let right), .index(let left, let right): return read(left) && read(right)
            case .unary(_, let operand), .isNull(let operand, _): return read(operand)
            case .list(let parts): return parts.allSatisfy(read)
            case .call(let name, let arguments) where isQuantifier(name):
                guard arguments.count == 2, case .lambda(let element, let condition) = arguments[1].kind else {
                    return false
                }
                return read(arguments[0]) && reads(condition, elements.union([element]))
            case .call(let name, let arguments): return readsOnlyArguments(name) && arguments.allSatisfy(read)
            default: return false
            }
        }
        return reads(expression, []) ? names : nil
    }

    /// The `string` property of one kind that `expression`, no property itself, reads alone
    /// (`upper(vector)`, `split(vector, "-")[0]`), with its text numbers, when the expression
    /// may be worked out once per number: rows with the same text give it the same value or the
    /// same error. The numbers join canonically equivalent texts (`é` written two ways), so
    /// either none such were met, or the expression is `lower`, `upper` or `trim` of the
    /// property, which give them equal values — but values a sort places (`ordered`) apart, as
    /// it compares their scalars. Nil otherwise.
    func textPropertyReadAlone(_ expression: Expression, ordered: Bool = false)
        -> (reader: PropertyReader, codes: TextCodes)?
    {
        if case .name = expression.kind { return nil }
        guard let names = namesRead(expression), names.count == 1, let name = names.first,
            let reader = directProperty(name), reader.type == .string, let codes = directTextCodes(name)
        else { return nil }
        if !codes.numbersIdenticalTexts {
            guard !ordered else { return nil }
            guard case .call(let function, let arguments) = expression.kind, arguments.count == 1,
                ["lower", "upper", "trim"].contains(function), case .name = arguments[0].kind
            else { return nil }
        }
        return (reader, codes)
    }

    /// Whether a call of `name` is the language's `any` or `all`, not a `def`'d function.
    private func isQuantifier(_ name: String) -> Bool {
        ["any", "all"].contains(name) && semantics.context.state.functions[name] == nil
    }

    /// Whether a call of the function `name` reads nothing but its arguments: not `any`, `all`
    /// or `coalesce` (which read a lambda's or evaluate lazily), not a `def`'d one. `now` reads
    /// none: it is the statement's instant (``EvaluationContext/now``).
    private func readsOnlyArguments(_ name: String) -> Bool {
        semantics.context.state.functions[name] == nil && !["any", "all", "coalesce"].contains(name)
    }

    /// Whether evaluating `expression` costs more than remembering its value would.
    private func isWorthRemembering(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .call: return true
        case .binary(let op, let left, let right):
            return [.contains, .startsWith, .endsWith, .matches].contains(op) || isWorthRemembering(left)
                || isWorthRemembering(right)
        case .unary(_, let operand), .isNull(let operand, _): return isWorthRemembering(operand)
        default: return false
        }
    }
}

/// The remembered values of one expression, by node number (filled as nodes are met): each
/// distinct value kept once, nodes pointing at it — through a dictionary while few nodes are
/// remembered, then an array over all the graph's nodes.
private final class PerNodeMemory {
    private let nodes: Int
    private var values: [Value] = []
    private var positions: [Value: Int32] = [:]
    private var sparse: [Int: Int32] = [:]
    /// For each node number, the position of its value, or -1; empty while `sparse` serves.
    private var dense: [Int32] = []

    /// Nodes remembered before the array over all nodes is made.
    private static let sparseLimit = 4096

    init(nodes: Int) {
        self.nodes = nodes
    }

    func value(of node: Int) -> Value? {
        let position = dense.isEmpty ? sparse[node] : dense[node]
        guard let position, position >= 0 else { return nil }
        return values[Int(position)]
    }

    func remember(_ value: Value, for node: Int) {
        let position = positions[value] ?? Int32(values.count)
        if position == Int32(values.count) {
            values.append(value)
            positions[value] = position
        }
        if !dense.isEmpty {
            dense[node] = position
        } else if sparse.count < Self.sparseLimit {
            sparse[node] = position
        } else {
            dense = [Int32](repeating: -1, count: nodes)
            for (remembered, slot) in sparse { dense[remembered] = slot }
            dense[node] = position
            sparse = [:]
        }
    }
}
