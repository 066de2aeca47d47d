import IncidentGraph
import PluginAPI
import QuerySyntax

/// Single-valued links followed as node numbers: `target`, `target.sector`, without making a
/// value (and copying an id) for every node passed on the way.
extension ExpressionCompiler {
    /// Reads a node from a row; nil stands for `null`.
    typealias NodeReader = (Row) -> NodeID?

    /// A name or member chain that follows single-valued links from the row's node, or nil
    /// when the expression is anything else (then the general compiler handles it).
    func compileLinkChain(_ expression: Expression) -> NodeReader? {
        guard let hops = linkChainTargets(expression) else { return nil }
        if hops.count == 1, let hop = hops.first { return { row in row.node.flatMap(hop.target(of:)) } }
        return { row in
            var node = row.node
            for hop in hops { node = node.flatMap(hop.target(of:)) }
            return node
        }
    }

    /// `CHAIN == @id`, `CHAIN != "id"` (a node equals its id's text): node numbers compared,
    /// the literal's node looked up once. Nil when neither side fits.
    func linkComparison(_ op: BinaryOperator, _ left: Expression, _ right: Expression) -> Compiled? {
        guard op == .equal || op == .notEqual else { return nil }
        for (chain, literal) in [(left, right), (right, left)] {
            let id: String
            switch literal.kind {
            case .node(let text), .literal(.string(let text)): id = text
            default: continue
            }
            guard let reader = compileLinkChain(chain) else { continue }
            let target = graph.node(id: id)
            let wanted = op == .equal
            return { row in
                guard let node = reader(row) else { return .null }
                return .bool((node == target) == wanted)
            }
        }
        return nil
    }

    /// The targets of a link `name` as the language reads it: not a property or annotation
    /// of that name, single-valued for every kind that has it.
    func linkTargets(_ name: String) -> LinkTargets? {
        let schema = graph.schema
        guard !EvaluationContext.annotationNames.contains(name),
            !Schema.builtInProperties.contains(where: { $0.name == name }),
            !schema.kinds.contains(where: { $0.property(named: name) != nil })
        else { return nil }
        return graph.linkTargets(named: name)
    }

    /// The hops of a link chain (`target`, `target.sector`) as arrays over node numbers, in
    /// order — what ``compileLinkChain(_:)`` follows, for loops over many rows at once; nil for
    /// anything else.
    func linkChainTargets(_ expression: Expression) -> [LinkTargets]? {
        if let dotted = expression.dottedName, columns.contains(dotted) { return nil }
        switch expression.kind {
        case .name(let name):
            guard !isVariable(name), !columns.contains(name), let targets = linkTargets(name) else { return nil }
            return [targets]
        case .member(let base, let name):
            guard let inner = linkChainTargets(base), let targets = linkTargets(name) else { return nil }
            return inner + [targets]
        default:
            return nil
        }
    }
}
