import IncidentGraph
import PluginAPI
import QuerySyntax

/// The link-index rewrite: a kind source followed by `where LINK == @id` — or a chain of
/// single-valued links, `target.sector == @aerospace` — alone or and-ed with other conditions,
/// reads only the nodes with edges that lead to @id through the chain, followed backwards hop by
/// hop, instead of scanning the kind. Those are every node whose chain reaches @id, and maybe a
/// few more (a node with two edges of a single-valued link reads the first); the full condition
/// still tests each, and the rows are in graph order, so the answer is the one without the index.
extension QueryRunner {
    /// The link chain (`target.sector`) and the node id of a `where` the index can read for a
    /// query on `kind` whose first stage is `stage`.
    func linkIndex(of kind: KindSchema, in stage: Stage) -> (chain: [String], id: String)? {
        guard case .filter(let condition) = stage.kind else { return nil }
        return linkEquality(condition, on: kind)
    }

    /// The nodes of `kind` with edges leading to the node `id` through the links of `chain`, in
    /// graph order; nil when `id` is no node.
    func nodes(ofKind kind: String, reaching id: String, through chain: [String]) -> [NodeID]? {
        guard let target = graph.node(id: id) else { return nil }
        return nodes(ofKind: kind, reaching: [Int32(target.index)], through: chain)
    }

    /// The nodes of `kind` with edges leading to one of `targets` (node numbers) through the
    /// links of `chain`, in graph order; nil when some hop back would follow more than `most`
    /// edges.
    func nodes(ofKind kind: String, reaching targets: [Int32], through chain: [String], atMost most: Int = .max)
        -> [NodeID]?
    {
        let schema = graph.schema
        var reached = targets
        for (hop, name) in chain.enumerated().reversed() {
            // The first link is read on `kind`; a later one on whatever kind has it.
            var hops: [(label: Int, direction: Direction, kind: Int)] = []
            for link in schema.links where link.name == name && (hop > 0 || link.kind == kind) {
                guard let label = schema.labelPosition(of: link.label),
                    let linkKind = schema.kindPosition(of: link.kind)
                else { continue }
                hops.append((label, link.direction, linkKind))
            }
            let edges = hops.reduce(0) {
                $0 + graph.edgeCount(at: reached, direction: $1.direction, labelPosition: $1.label)
            }
            guard edges <= most else { return nil }
            var before: [Int32] = []
            for link in hops {
                before += graph.sources(
                    reaching: reached, direction: link.direction, labelPosition: link.label, kindIndex: link.kind)
            }
            reached = hops.count > 1 ? Array(Set(before)).sorted() : before
        }
        return reached.map { NodeID(index: Int($0)) }
    }

    /// The link chain, the text and the far-end nodes of a part of a `where` on `kind` (its
    /// first stage) the index can read from: an and-ed part that reads only the node a chain of
    /// single-valued links of `kind` reaches (`actor.name == "APT10"`, `target.sector.name
    /// contains "Aero"`), holds for no row that reaches none, and holds or not, without an error,
    /// on each node at the chain's far end — of the kinds the last link's label may lead to, at
    /// most ``linkConditionCandidates`` of them. Nil when no part is such.
    func linkCondition(of kind: KindSchema, in stage: Stage) -> (chain: [String], part: String, targets: [Int32])? {
        guard case .filter(let condition) = stage.kind else { return nil }
        let compiler = compiler(columns: [], [:])
        for part in ExpressionCompiler.conjuncts(of: condition) {
            guard case .chain(let chain) = compiler.dependence(part), let names = linkNames(chain),
                graph.schema.links(of: kind.name).contains(where: { $0.name == names.first }),
                let last = names.last, let candidates = farEnds(ofLinksNamed: last),
                let own = compiler.relative(part, to: chain),
                Self.holds(compiler.compile(part), on: nil) == false
            else { continue }
            let test = compiler.compile(own)
            var targets: [Int32] = []
            var decided = true
            for node in candidates {
                guard let holds = Self.holds(test, on: node) else {
                    decided = false
                    break
                }
                if holds { targets.append(Int32(node.index)) }
            }
            if decided { return (names, text(part.span), targets) }
        }
        return nil
    }

    /// Far-end nodes the link index tests a part of a `where` on at most.
    static let linkConditionCandidates = 65_536

    /// Whether `test` holds on a row of `node` (none: a row that reaches no node): nil when it
    /// fails or gives something that is no truth.
    private static func holds(_ test: ExpressionCompiler.Compiled, on node: NodeID?) -> Bool? {
        switch try? test(Row(node: node, values: [])) {
        case .bool(let truth): truth
        case .null: false
        default: nil
        }
    }

    /// The nodes of the kinds the labels of the links named `name` may lead to, in graph order;
    /// nil when there are more than ``linkConditionCandidates``.
    private func farEnds(ofLinksNamed name: String) -> [NodeID]? {
        var kinds: Set<String> = []
        for link in graph.schema.links where link.name == name {
            guard let label = graph.schema.edgeLabel(named: link.label) else { return nil }
            if link.direction != .in { kinds.formUnion(label.to) }
            if link.direction != .out { kinds.formUnion(label.from) }
        }
        let count = kinds.reduce(0) { $0 + graph.nodeCount(ofKind: $1) }
        guard count <= Self.linkConditionCandidates else { return nil }
        return kinds.flatMap { graph.nodes(ofKind: $0) }.sorted { $0.index < $1.index }
    }

    private func linkEquality(_ condition: Expression, on kind: KindSchema) -> (chain: [String], id: String)? {
        switch condition.kind {
        case .binary(.and, let left, let right):
            return linkEquality(left, on: kind) ?? linkEquality(right, on: kind)
        case .binary(.equal, let left, let right):
            for (chain, other) in [(left, right), (right, left)] {
                let id: String
                switch other.kind {
                case .node(let text), .literal(.string(let text)): id = text
                default: continue
                }
                // The chain must be one the compiler follows as node numbers, so that `==`
                // compares the node it reaches with @id (a string names a node by its id).
                let compiler = compiler(columns: [], [:])
                guard let names = linkNames(chain), compiler.compileLinkChain(chain) != nil,
                    graph.schema.links(of: kind.name).contains(where: { $0.name == names.first })
                else { continue }
                return (names, id)
            }
            return nil
        default:
            return nil
        }
    }

    /// `target.sector` as `["target", "sector"]`; nil for anything but names and members.
    private func linkNames(_ expression: Expression) -> [String]? {
        switch expression.kind {
        case .name(let name): [name]
        case .member(let base, let name): linkNames(base).map { $0 + [name] }
        default: nil
        }
    }

    private var graph: IncidentGraph { context.graph }
}
