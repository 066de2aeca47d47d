import Foundation
import IncidentGraph
import QueryEngine

/// Tab completion at the prompt.
extension Workspace {
    /// Words that complete `word`, the last word typed, given the text before it on the line:
    /// command names after `:`, ids after `@`, stage names after `|`, property and link names
    /// after `.`, the values of the property compared before an opening `"`, sources at the
    /// start, kinds for `:schema`, and otherwise properties, functions, bindings and keywords.
    public func completions(of word: String, after textBefore: String) -> [String] {
        let graph = document.graph
        let before = textBefore.trimmingCharacters(in: .whitespaces)
        let candidates: [String]
        if word.hasPrefix("\"") {
            return stringValues(completing: word, after: before)
        } else if word.hasPrefix(":") {
            candidates = (CommandTable.all.map(\.name) + registry.commands.map(\.definition.name)).map { ":" + $0 }
        } else if word.hasPrefix("@") {
            let prefix = word.dropFirst()
            return graph.allNodes.lazy.map { graph.id(of: $0) }.filter { $0.hasPrefix(prefix) }.sorted().map {
                "@" + $0
            }
        } else if let dot = word.lastIndex(of: ".") {
            let base = String(word[...dot])
            candidates = propertyNames.map { base + $0 }
        } else if let invocation = CommandInvocation(textBefore), invocation.arguments.isEmpty {
            let completesKinds = CommandTable.command(named: invocation.name)?.completesKinds ?? false
            candidates = completesKinds ? graph.schema.kinds.map(\.name) : []
        } else if let words = ratingCompletions(after: before) {
            candidates = words
        } else if before.hasSuffix("|") {
            candidates = registry.stages.map { $0.definition.signature.words[0] } + queryState.stages.keys
        } else if before.isEmpty {
            candidates =
                graph.schema.kinds.flatMap { [$0.plural, $0.name] }
                + ["nodes", "edges", "match", "path", "let", "def", "why", "hypothesis", "evidence", "rate"]
                + queryState.bindings.keys
        } else {
            candidates =
                propertyNames + registry.functions.map(\.definition.name) + registry.aggregates.map(\.definition.name)
                + QueryRunner.aggregateNames + queryState.functions.keys + queryState.bindings.keys
                + [
                    "and", "or", "not", "in", "contains", "starts", "ends", "between", "is", "null", "by", "as", "desc",
                    "asc",
                ]
        }
        return Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
    }

    /// Every property and link name of the schema.
    var propertyNames: [String] {
        let schema = document.graph.schema
        return Array(
            Set(
                schema.kinds.flatMap { $0.properties.map(\.name) } + schema.links.map(\.name)
                    + Schema.builtInProperties.map(\.name)))
    }

    /// The text values of the property named before the comparison the string follows
    /// (`subject == "日米` → `"日米同盟"`), quoted as a string literal; none when no property
    /// is named there.
    private func stringValues(completing word: String, after before: String) -> [String] {
        guard let property = Self.comparedProperty(before) else { return [] }
        let graph = document.graph
        let prefix = word.dropFirst()
        var values = Set<String>()
        for kindIndex in graph.schema.kinds.indices {
            guard let column = graph.propertyColumn(property, kindIndex: kindIndex) else { continue }
            for node in graph.nodes(ofKind: graph.schema.kinds[kindIndex].name) {
                if case .string(let text) = graph.value(column: column, of: node), text.hasPrefix(prefix) {
                    values.insert(text)
                }
            }
        }
        return values.sorted().map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
    }

    /// The last name of the property chain before a comparison at the end of `text`
    /// (`where l.subject ==` → `subject`).
    private static func comparedProperty(_ text: String) -> String? {
        guard let comparison = ["==", "!=", "contains", "starts with", "ends with"].first(where: text.hasSuffix) else {
            return nil
        }
        var rest = text.dropLast(comparison.count)
        while rest.last == " " { rest.removeLast() }
        let chain = rest.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        let name = String(chain.reversed()).split(separator: ".").last.map(String.init)
        return name.flatMap { $0.first?.isLetter == true ? $0 : nil }
    }
}
