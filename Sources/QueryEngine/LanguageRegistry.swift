import PluginAPI
import QuerySyntax

/// The language's own stages and functions, registered through the same registrar plugins
/// use, so that `:help`, completion, hints and clash checks see one list.
extension PluginRegistry {
    /// A registry of the language alone; plugins are loaded into a copy of it. `commands` are
    /// the workbench's `:command` names, which no plugin may take.
    public static func language(commands: Set<String> = []) -> PluginRegistry {
        do {
            return try PluginRegistry(
                language: languageRegistrar, reservedNames: Set(Semantics.aggregateNames).union(commands))
        } catch {
            preconditionFailure("the language's own stages and functions must register: \(error.message)")
        }
    }

    private static var languageRegistrar: PluginRegistrar {
        var registrar = PluginRegistrar(owner: "kagami")
        for (grammar, summary) in languageStages {
            let word = String(grammar.prefix { $0 != " " })
            registrar.stage(
                .language(StageSignature(words: [word], grammar: grammar, summary: summary, columns: .fromStatement)))
        }
        for name in Semantics.functionNames {
            let summary = BuiltInHelp.entry(named: name)?.summary ?? "built-in function"
            registrar.function(FunctionDefinition(name, parameters: [], summary: summary, run: nil))
        }
        return registrar
    }

    /// Grammar and summary of each stage of QUERY.md.
    private static let languageStages: [(String, String)] = [
        ("where EXPR", "keep rows where EXPR is true (null counts as false)"),
        ("select EXPR [as NAME], …", "keep or compute columns"),
        ("extend NAME = EXPR, …", "add computed columns"),
        ("sort [by] EXPR [asc|desc], …", "stable sort; nulls last"),
        ("take N", "the first N rows"),
        ("skip N", "all but the first N rows"),
        ("top N by EXPR [asc|desc]", "the N largest by EXPR (smallest with asc)"),
        ("distinct [EXPR, …]", "unique rows"),
        ("count [by EXPR, …]", "row count, or counts per group, largest first"),
        ("summarize AGG [as NAME], … [by EXPR, …]", "aggregates per group"),
        ("out [LABEL] [*N|*N..M]", "follow outgoing edges to neighbours"),
        ("in [LABEL] [*N|*N..M]", "follow incoming edges to neighbours"),
        ("both [LABEL] [*N|*N..M]", "follow edges either way"),
        ("path TARGET [via LABEL, …] [max N]", "shortest path from each node to TARGET"),
        ("timeline [by day|week|month|quarter|year]", "counts over time, as a bar chart"),
        ("chart bar [by EXPR]", "horizontal bar chart"),
        ("heatmap EXPR by EXPR", "2-D count grid"),
        (
            "export csv|json|jsonl|dot|navigator|stix|svg \"NAME\"",
            "write the final rows (svg: the chart before it) to exports/NAME.FORMAT"
        ),
    ]
}
