import Foundation
import IncidentGraph
import QuerySyntax

/// The notes said under a statement's rows when it reads a single-valued link (`target`) that
/// some node of the link's kind has several of: the link reads the first in node order, so a
/// `count by target` counts such a node once, under one of them. Saying so keeps a count from
/// passing for the whole story (an imported bundle may give an incident two targets).
///
/// The statement's words decide which links it reads — its own, and those of the `def fn` and
/// `def stage` definitions it names, and theirs — so a word that names such a link but is read
/// as something else (a column of that name) says it too: the note may be said when it was not
/// needed, and is not left out when it was. Plugins' stages read links of their own; they are
/// not followed.
enum SeveralTargetsNotes {
    /// How many of the nodes a note names.
    private static let named = 3

    /// The notes for `statement`, run with `state`, over `graph`: one per single-valued link it
    /// reads that some node has several of.
    static func notes(for statement: String, state: QueryState, graph: IncidentGraph) -> [String] {
        var words = Set<String>()
        var texts = [statement]
        while let text = texts.popLast() {
            for token in Lexer.tokenize(text).tokens {
                guard case .word(let word) = token.kind, words.insert(word).inserted else { continue }
                if let function = state.functions[word] { texts.append(function.source) }
                if let stage = state.stages[word] { texts.append(stage.source) }
            }
        }
        return graph.schema.links.filter { $0.isSingleValued && words.contains($0.name) }.compactMap { link in
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
