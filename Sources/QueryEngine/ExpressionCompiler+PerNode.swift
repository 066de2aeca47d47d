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
            let slot = memory.slots[node.index]
            if slot >= 0 { return memory.values[Int(slot)] }
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
            return variables[name] != nil ? .none : .other
        case .member(let base, _):
            guard expression.dottedName.map(columns.contains) == false, compileLinkChain(base) != nil,
                compileLinkChain(expression) == nil
            else { return .other }
            return .chain(base)
        case .binary(_, let left, let right):
            if case .range = right.kind { return .other }
            return dependence(left).and(dependence(right))
        case .unary(.not, let operand), .isNull(let operand, _):
            return dependence(operand)
        case .call(let name, let arguments):
            let special = ["any", "all", "coalesce", "now"]
            guard evaluator.context.state.functions[name] == nil, !special.contains(name) else { return .other }
            return arguments.reduce(RowDependence.none) { $0.and(dependence($1)) }
        default:
            return .other
        }
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
/// distinct value kept once, nodes pointing at it.
private final class PerNodeMemory {
    /// For each node number, the position of its value in `values`, or -1.
    private(set) var slots: [Int32]
    private(set) var values: [Value] = []
    private var positions: [Value: Int32] = [:]

    init(nodes: Int) {
        slots = [Int32](repeating: -1, count: nodes)
    }

    func remember(_ value: Value, for node: Int) {
        if let position = positions[value] {
            slots[node] = position
        } else {
            let position = Int32(values.count)
            values.append(value)
            positions[value] = position
            slots[node] = position
        }
    }
}
