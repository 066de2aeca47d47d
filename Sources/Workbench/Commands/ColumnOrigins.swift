import IncidentGraph
import PluginAPI
import QuerySyntax

/// The language's expression type; Foundation also declares an `Expression`.
private typealias Expression = QuerySyntax.Expression

/// Where each column of a query's result comes from, read off the statement: a node's
/// property, an expression a stage computed, a group key, an aggregate, or a plugin's stage.
struct ColumnOrigins {
    /// A plugin stage of the statement, and the statement up to it (what it read).
    struct PluginStage {
        /// The stage's words (`classify phases`).
        let words: String
        /// The plugin that registered it.
        let plugin: String
        /// Its version.
        let version: String?
        /// The columns it made.
        let columns: [String]
        /// The query before the stage, to run again for its input.
        let input: String
    }

    private var origins: [String: String] = [:]
    /// The plugin stages, in order.
    private(set) var pluginStages: [PluginStage] = []
    private let graph: IncidentGraph

    init(statement: String, registry: PluginRegistry, graph: IncidentGraph) {
        self.graph = graph
        let query: Query?
        switch Parser.parse(statement).statement?.kind {
        case .query(let found), .bind(_, let found): query = found
        default: query = nil
        }
        guard let query else { return }
        let text = Array(statement)
        func written(_ span: SourceSpan) -> String {
            String(text[min(span.start, text.count)..<min(span.end, text.count)])
        }
        func item(_ item: SelectItem) -> String { item.alias ?? written(item.expression.span) }
        /// A key or expression that is an earlier column says where that column came from.
        func key(_ expression: Expression) -> String {
            let text = written(expression.span)
            return "`\(text)`" + (origins[text].map { " — " + $0 } ?? "")
        }
        for stage in query.stages {
            switch stage.kind {
            case .select(let items), .extend(let items):
                for entry in items { origins[item(entry)] = "computed: " + key(entry.expression) }
            case .count(let groups):
                for group in groups { origins[item(group)] = "group key: " + key(group.expression) }
                origins["count"] = "how many input rows fall in each group"
            case .summarize(let aggregates, let groups):
                for group in groups { origins[item(group)] = "group key: " + key(group.expression) }
                for aggregate in aggregates {
                    origins[item(aggregate)] = "aggregate of each group's rows: `\(written(aggregate.expression.span))`"
                }
            case .distinct(let expressions):
                for expression in expressions { origins[written(expression.span)] = "distinct values of the rows" }
            case .heatmap(let x, let y):
                origins[written(x.span)] = "grid row: `\(written(x.span))`"
                origins[written(y.span)] = "grid column: `\(written(y.span))`"
                origins["count"] = "how many input rows fall in each cell"
            case .named(let words, _):
                guard let (registered, _) = registry.stage(named: words), registered.owner != "kagami" else { continue }
                let made: [String]
                switch registered.definition.signature.columns {
                case .adds(let columns), .replaces(let columns): made = columns
                case .fromStatement: made = []
                }
                let version = registry.plugins.first { $0.name == registered.owner }?.version
                let name = registered.definition.signature.name
                for column in made {
                    origins[column] = "made by plugin `\(registered.owner)` \(version ?? "") (stage `\(name)`)"
                }
                var input = written(SourceSpan(start: query.span.start, end: stage.span.start))
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if input.hasSuffix("|") { input.removeLast() }
                pluginStages.append(
                    PluginStage(words: name, plugin: registered.owner, version: version, columns: made, input: input))
            default:
                continue
            }
        }
    }

    /// Where a column comes from.
    func origin(of column: String) -> String {
        if let origin = origins[column] { return origin }
        switch column {
        case "id": return "each row's node: its id"
        case "provenance": return "each row's node: where it comes from (reported, synthetic, imported, observed)"
        case "status": return "each row's node: how firmly it is reported"
        case "sources": return "each row's node: the source nodes it cites (why @ID lists them)"
        default:
            let kinds = graph.schema.kinds.filter { $0.property(named: column) != nil }.map(\.name)
            return kinds.isEmpty
                ? "a column of the rows" : "each row's node: property `\(column)` (\(kinds.joined(separator: ", ")))"
        }
    }
}
