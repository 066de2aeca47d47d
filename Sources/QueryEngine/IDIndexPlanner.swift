import IncidentGraph
import PluginAPI
import QuerySyntax

/// The id-index rewrite: a kind source followed by `where id == "inc-0500000"`, alone or and-ed
/// with other conditions, reads the one node with that id (when it is of the kind) from the id
/// index instead of scanning the kind. The full condition still tests it, so the answer is the
/// one without the index.
extension QueryRunner {
    /// The id a query's first stage `stage` asks for with `id == "…"`.
    func wantedID(in stage: Stage) -> String? {
        guard case .filter(let condition) = stage.kind else { return nil }
        return wantedID(condition)
    }

    /// The rows of the node with `id` when it is of `kind`: one row or none.
    func node(_ id: String, ofKind kind: String) -> RowSet {
        guard let node = context.graph.node(id: id), context.graph.kindName(of: node) == kind else {
            return .nodes([])
        }
        return .nodes([node])
    }

    private func wantedID(_ condition: Expression) -> String? {
        switch condition.kind {
        case .binary(.and, let left, let right):
            return wantedID(left) ?? wantedID(right)
        case .binary(.equal, let left, let right):
            for (name, other) in [(left, right), (right, left)] {
                if case .name("id") = name.kind, case .literal(.string(let id)) = other.kind { return id }
            }
            return nil
        default:
            return nil
        }
    }
}
