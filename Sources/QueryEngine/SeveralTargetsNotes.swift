import Foundation
import IncidentGraph
import QuerySyntax

/// The notes said under a statement's rows when it reads a single-valued link (`target`) that
/// some node of the link's kind has several of: the link reads the first in node order, so a
/// `count by target` counts such a node once, under one of them. Saying so keeps a count from
/// passing for the whole story (an imported bundle may give an incident two targets).
///
/// The links a statement reads are the names and members its expressions read (`target` and
/// `sector` in `target.sector`), and those of the `def fn` and `def stage` definitions it uses,
/// and theirs — so a column named like a link says it too: the note may be said when it was
/// not needed, and is not left out when it was. Plugins' stages read links of their own; they
/// are not followed.
enum SeveralTargetsNotes {
    /// How many of the nodes a note names.
    private static let named = 3

    /// The notes for `query`, run with `state`, over `graph`: one per single-valued link it
    /// reads that some node has several of.
    static func notes(for query: Query, state: QueryState, graph: IncidentGraph) -> [String] {
        var reading = NamesRead(state: state)
        reading.add(query)
        return graph.schema.links.filter { $0.isSingleValued && reading.names.contains($0.name) }.compactMap { link in
            let several = graph.nodesReachingSeveral(through: link)
            guard let first = several.first else { return nil }
            let ids = several.prefix(named).map { "`\(graph.id(of: $0))`" }.joined(separator: ", ")
            let more = several.count > named ? " and \(several.count - named) more" : ""
            let nodes =
                several.count == 1
                ? "1 \(link.kind) has"
                : "\(several.count) \(graph.schema.kind(named: link.kind)?.plural ?? link.kind) have"
            return "`\(link.name)` names one node of \(article(link.kind)) \(link.kind), but \(nodes) more than one "
                + "over `\(link.label)` (\(ids)\(more)): the first of each, in node order, is read — "
                + "`\(reference(graph.id(of: first))) | \(link.direction.rawValue) \(link.label)` lists them"
        }
    }

    /// `@id` as a statement writes it: quoted when the id is not read back whole unquoted.
    private static func reference(_ id: String) -> String {
        let plain = "@" + id
        if let token = Lexer.tokenize(plain).tokens.first, token.kind == .nodeReference(id), token.text == plain {
            return plain
        }
        return "@\"" + id.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    private static func article(_ word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}

/// The names a query's expressions read as names or members, following the `def fn` and
/// `def stage` definitions it uses (each once).
private struct NamesRead {
    let state: QueryState
    private(set) var names: Set<String> = []
    private var definitionsFollowed: Set<String> = []

    init(state: QueryState) {
        self.state = state
    }

    mutating func add(_ query: Query) {
        if case .match(let patterns, let condition) = query.source.kind {
            for node in patterns.flatMap({ [$0.start] + $0.steps.map(\.node) }) {
                for property in node.properties { add(property.value) }
            }
            if let condition { add(condition) }
        }
        for stage in query.stages { add(stage) }
    }

    private mutating func add(_ stage: Stage) {
        for expression in stage.expressions { add(expression) }
        if case .named(let words, _) = stage.kind, let definition = state.stages[words[0]],
            definitionsFollowed.insert("stage " + words[0]).inserted
        {
            for inner in definition.stages { add(inner) }
        }
    }

    private mutating func add(_ expression: Expression) {
        switch expression.kind {
        case .literal, .node: break
        case .name(let name): names.insert(name)
        case .member(let base, let name):
            names.insert(name)
            add(base)
        case .call(let name, let arguments):
            for argument in arguments { add(argument) }
            if let function = state.functions[name], definitionsFollowed.insert("fn " + name).inserted {
                add(function.body)
            }
        case .lambda(_, let body): add(body)
        case .index(let first, let second), .range(let first, let second), .binary(_, let first, let second):
            add(first)
            add(second)
        case .list(let elements): for element in elements { add(element) }
        case .unary(_, let operand), .isNull(let operand, _): add(operand)
        case .between(let value, let low, let high):
            add(value)
            add(low)
            add(high)
        }
    }
}
