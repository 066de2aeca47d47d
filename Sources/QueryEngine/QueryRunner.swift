import IncidentGraph
import PluginAPI
import QuerySyntax

/// Runs statements: parse once → check (every problem at once, ``Checker``) → plan
/// (``QueryPlan``) → execute the plan, returning the result and the state later statements
/// see. The state is only returned, never changed in place, so a statement that fails leaves
/// everything as it was.
public struct QueryRunner {
    var context: EvaluationContext
    /// The statement's source text, for naming computed columns after what was written.
    let source: [Character]

    /// Formats `export` knows (the workbench writes them).
    public static let exportFormats = ["csv", "json", "jsonl", "dot", "navigator", "stix", "svg"]

    /// Most rows a statement may produce.
    public static let maximumRows = 20_000_000

    /// The registry of the language alone, for runners given no plugins.
    public static let languageOnly = PluginRegistry.language()

    /// A runner over a graph, the state left by earlier statements, and the registered stages
    /// and functions.
    public init(
        graph: IncidentGraph, state: QueryState, source: String, registry: PluginRegistry = languageOnly,
        cancellation: CancellationCheck = .never
    ) {
        context = EvaluationContext(
            graph: graph, state: state, registry: registry, cancellation: cancellation, zones: ZoneCache())
        self.source = Array(source)
        stageDepth = 0
    }

    /// How many `def stage`s this runner is inside (limited, so a stage using itself stops).
    let stageDepth: Int

    /// A runner for text written elsewhere (a `def stage` body) in the same context.
    init(context: EvaluationContext, source: String, stageDepth: Int) {
        self.context = context
        self.source = Array(source)
        self.stageDepth = stageDepth
    }

    /// Parses and runs a statement; on success returns its result and the new state.
    public static func run(
        _ text: String, graph: IncidentGraph, state: QueryState, registry: PluginRegistry = languageOnly,
        cancellation: CancellationCheck = .never
    ) -> Result<(QueryResult, QueryState), DiagnosticList> {
        let parsed = Parser.parse(text)
        guard let statement = parsed.statement else { return .failure(DiagnosticList(parsed.diagnostics)) }
        var runner = QueryRunner(
            graph: graph, state: state, source: text, registry: registry, cancellation: cancellation)
        // The checker's problems all at once, before anything runs.
        if let query = statement.query {
            let found = Checker(runner: runner).diagnostics(of: query)
            if !found.isEmpty { return .failure(DiagnosticList(found)) }
        }
        do {
            var result = try runner.execute(statement)
            if case .rows(var rows) = result, let query = statement.query {
                rows.notes += SeveralTargetsNotes.notes(for: query, state: runner.context.state, graph: graph)
                result = .rows(rows)
            }
            return .success((result, runner.context.state))
        } catch {
            return .failure(DiagnosticList([error]))
        }
    }

    /// The lexer's, parser's and checker's diagnostics of a statement, without running it.
    public static func diagnostics(
        of text: String, graph: IncidentGraph, state: QueryState, registry: PluginRegistry = languageOnly
    ) -> [Diagnostic] {
        let parsed = Parser.parse(text)
        guard let statement = parsed.statement else { return parsed.diagnostics }
        let runner = QueryRunner(graph: graph, state: state, source: text, registry: registry, cancellation: .never)
        return statement.query.map { Checker(runner: runner).diagnostics(of: $0) } ?? []
    }

    mutating func execute(_ statement: Statement) throws(Diagnostic) -> QueryResult {
        switch statement.kind {
        case .query(let query):
            if query.stages.isEmpty, case .node = query.source.kind,
                let node = try rows(of: query.source).rows.first?.node
            {
                return .node(node)
            }
            if let last = query.stages.last, case .export(let format, let path) = last.kind {
                // The engine writes no files: the rows go back with where to write them.
                let rows = try run(
                    Query(source: query.source, stages: Array(query.stages.dropLast()), span: query.span))
                return .export(rows, format: format, path: path, at: last.span)
            }
            return .rows(try run(query))
        case .expression(let expression):
            return .value(try compiler(columns: [], [:]).value(of: expression))
        case .bind(let name, let query):
            let rows = try run(query)
            context.state.bindings[name] = rows
            return .message("`\(name)` is bound to \(rows.count) row\(rows.count == 1 ? "" : "s")")
        case .defineFunction(let name, let parameters, let body):
            // A definition may not change what a built-in or plugin function means for every
            // later statement (a replayed file redefining `hour` would skew every analysis).
            let owner =
                Semantics.functionNames.contains(name) || Semantics.aggregateNames.contains(name)
                ? "the language" : context.registry.function(named: name)?.owner
            if let owner {
                throw Diagnostic(
                    code: .nameTaken, message: "`\(name)` is a function of \(owner); a definition cannot replace it",
                    span: statement.span, hint: "choose another name, e.g. `my_\(name)`")
            }
            context.state.functions[name] = (parameters, body, String(source))
            return .message("defined function `\(name)(\(parameters.joined(separator: ", ")))`")
        case .defineStage(let name, let parameters, let stages):
            if let taken = context.registry.stages.first(where: { $0.definition.signature.words[0] == name }) {
                throw Diagnostic(
                    code: .nameTaken,
                    message: "`\(name)` begins the stage `\(taken.definition.signature.name)` of \(taken.owner)",
                    span: statement.span, hint: "choose another name")
            }
            context.state.stages[name] = (parameters, stages, String(source))
            return .message("defined stage `\(name)(\(parameters.joined(separator: ", ")))`")
        case .tag(let query, let label, let remove):
            return .message(try tag(query, label, remove: remove))
        case .note(let id, let text):
            if let problem = KnownNodeRule.problem(id, at: statement.span, in: context.graph) { throw problem }
            guard let node = context.graph.node(id: id) else { return .message("") }
            context.state.notes[node, default: []].append(text)
            let count = context.state.notes[node]?.count ?? 1
            return .message("noted on @\(id) (\(count) note\(count == 1 ? "" : "s")); `@\(id)` shows them")
        }
    }

    /// `tag QUERY as "LABEL"` / `untag …`: adds or removes the label on the nodes a query yields.
    private mutating func tag(_ query: Query, _ label: String, remove: Bool) throws(Diagnostic) -> String {
        let rows = try run(query)
        guard rows.carriesNodes else {
            throw Diagnostic(
                code: .tagNeedsNodes,
                message: "`\(remove ? "untag" : "tag")` needs a query that yields nodes, not a table",
                span: query.span, hint: "leave out select, count and summarize: tag incidents | where … as \"label\"")
        }
        var changed = 0
        for node in Set(rows.rows.compactMap(\.node)) {
            var labels = context.state.tags[node] ?? []
            if remove, let position = labels.firstIndex(of: label) {
                labels.remove(at: position)
            } else if !remove, !labels.contains(label) {
                labels.append(label)
            } else {
                continue
            }
            changed += 1
            context.state.tags[node] = labels.isEmpty ? nil : labels
        }
        let nodes = "\(changed) node\(changed == 1 ? "" : "s")"
        return remove
            ? "removed \"\(label)\" from \(nodes)"
            : "tagged \(nodes) \"\(label)\"; `where \"\(label)\" in tags` finds them"
    }

    /// The rows of a query the checker passed (``run(_:graph:state:registry:cancellation:)``
    /// checks every statement's query before anything runs): planned, then the plan executed.
    func run(_ query: Query) throws(Diagnostic) -> RowSet {
        var measurement: PlanMeasurement?
        return try execute(try plan(query), measuring: &measurement)
    }

    /// Whether a stage groups rows (`count`, `summarize`), so that a `where` before it can be fused.
    static func groups(_ stage: Stage) -> Bool {
        switch stage.kind {
        case .count, .summarize: true
        default: false
        }
    }

    /// Whether `stage` is a `select` and `next` a `distinct` of the rows as they stand.
    static func selectsDistinct(_ stage: Stage, _ next: Stage) -> Bool {
        if case .select = stage.kind, case .distinct(let expressions) = next.kind { expressions.isEmpty } else { false }
    }

    /// The text a computed column is named after (`target.name`, `hour(ts)`).
    func text(_ span: SourceSpan) -> String {
        String(source[min(span.start, source.count)..<min(span.end, source.count)])
    }
}

/// The diagnostics of a failed statement, in source order.
public struct DiagnosticList: Error, Sendable {
    /// The diagnostics.
    public let diagnostics: [Diagnostic]

    init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}

extension QueryRunner {
    /// The language's aggregate names (valid in `summarize`), for completion.
    public static var aggregateNames: [String] { Semantics.aggregateNames }
}
