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
        // A column named after the chain (`count by target.sector` makes one) is read instead.
        if let dotted = expression.dottedName, columns.contains(dotted) { return nil }
        switch expression.kind {
        case .name(let name):
            guard variables[name] == nil, !columns.contains(name), let hop = linkHop(name) else { return nil }
            return { row in row.node.flatMap(hop) }
        case .member(let base, let name):
            guard let inner = compileLinkChain(base), let hop = linkHop(name) else { return nil }
            return { row in inner(row).flatMap(hop) }
        default:
            return nil
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

    /// Following the link `name` from a node, when `name` is a single-valued link wherever it
    /// is declared and no kind has a property of that name; nil otherwise.
    private func linkHop(_ name: String) -> ((NodeID) -> NodeID?)? {
        let schema = graph.schema
        guard !EvaluationContext.annotationNames.contains(name),
            !Schema.builtInProperties.contains(where: { $0.name == name }),
            !schema.kinds.contains(where: { $0.property(named: name) != nil })
        else { return nil }
        let links = schema.links.filter { $0.name == name }
        guard !links.isEmpty, links.allSatisfy(\.isSingleValued) else { return nil }
        let hops: [(Direction, Int)?] = schema.kinds.map { kind in
            links.first { $0.kind == kind.name }.flatMap { link in
                schema.labelPosition(of: link.label).map { (link.direction, $0) }
            }
        }
        let graph = self.graph
        let targets = hops.map { hop in hop.map { graph.linkTargets(direction: $0.0, labelPosition: $0.1) } }
        return { node in targets[graph.kindIndex(of: node)]?.target(of: node) }
    }
}
