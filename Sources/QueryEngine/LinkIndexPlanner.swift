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
        let schema = graph.schema
        guard let target = graph.node(id: id) else { return nil }
        var reached = [Int32(target.index)]
        for (hop, name) in chain.enumerated().reversed() {
            // The first link is read on `kind`; a later one on whatever kind has it.
            let links = schema.links.filter { $0.name == name && (hop > 0 || $0.kind == kind) }
            var before: [Int32] = []
            for link in links {
                guard let label = schema.labelPosition(of: link.label),
                    let linkKind = schema.kindPosition(of: link.kind)
                else { continue }
                before += graph.sources(
                    reaching: reached, direction: link.direction, labelPosition: label, kindIndex: linkKind)
            }
            reached = links.count > 1 ? Array(Set(before)).sorted() : before
        }
        return reached.map { NodeID(index: Int($0)) }
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
