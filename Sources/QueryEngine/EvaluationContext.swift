import Foundation
import IncidentGraph
import PluginAPI
import QuerySyntax

/// What evaluating a statement may read: the graph, earlier bindings and definitions, the
/// registered stages and functions, the cancellation check, and cached time zones. A class:
/// compiled expressions pass it along millions of times, and copying the graph's storage
/// references each time costs more than the work.
final class EvaluationContext {
    let graph: IncidentGraph
    var state: QueryState
    let registry: PluginRegistry
    let cancellation: CancellationCheck
    let zones: ZoneCache
    /// Regular expressions of `~`, compiled once per statement.
    let regexes = RegexCache()
    /// The instant the statement began: `now()` gives it on every row (as SQL's `now()` gives
    /// its transaction's start), so the rows of a statement agree on it and it is worked out once.
    let now = Instant(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000))

    init(
        graph: IncidentGraph, state: QueryState, registry: PluginRegistry, cancellation: CancellationCheck,
        zones: ZoneCache
    ) {
        self.graph = graph
        self.state = state
        self.registry = registry
        self.cancellation = cancellation
        self.zones = zones
    }

    /// Whether `name` is a property or link of some kind in the schema, or an annotation: for
    /// telling "missing" from "unknown".
    func isKnownName(_ name: String) -> Bool {
        graph.schema.memberNames.contains(name) || Self.annotationNames.contains(name)
    }

    /// The names ``isKnownName(_:)`` takes, for suggesting one in place of a mistyped name.
    var knownNames: [String] { Array(graph.schema.memberNames) + Self.annotationNames }

    /// Names every node answers from the analyst's annotations: `"x" in tags`, `notes`.
    static let annotationNames = ["tags", "notes"]

    /// A node's tags or notes (an empty list when it has none); nil for other names.
    func annotation(_ name: String, of node: NodeID) -> Value? {
        switch name {
        case "tags": .list((state.tags[node] ?? []).map(Value.string))
        case "notes": .list((state.notes[node] ?? []).map(Value.string))
        default: nil
        }
    }

    /// Throws the "cancelled" diagnostic when the analyst pressed Ctrl-C.
    func checkCancelled() throws(Diagnostic) {
        if cancellation.isCancelled {
            throw Diagnostic(code: .cancelled, message: "cancelled (Ctrl-C); nothing was changed", span: nil)
        }
    }

    /// A node as a value.
    func value(of node: NodeID) -> Value {
        graph.reference(to: node)
    }
}
