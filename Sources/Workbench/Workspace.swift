import Foundation
import IncidentGraph
import Interchange
import PluginAPI
import QueryEngine
import QuerySyntax

/// The analyst's workspace: the loaded graph and the settings, and the one entry point that
/// runs a statement.
///
/// Has no terminal in it: the REPL, replays and tests all drive it through ``execute(_:)``.
/// A failing statement changes nothing.
public final class Workspace {
    /// The loaded data set.
    public private(set) var document: GraphDocument
    /// How results are laid out.
    public var settings: RenderSettings
    /// Whether the running statement was cancelled (the REPL wires this to Ctrl-C).
    public var cancellation = CancellationCheck.never
    /// How much memory one statement may take (`:set memory MiB`).
    public var memoryBudget = MemoryBudget.standard
    /// The snapshot of the data being written for next time on a worker thread, if any: a
    /// statement run with a smaller memory budget than the standard one waits for it first, so
    /// that the writer's memory (tens of megabytes) is never counted as the statement's.
    public var snapshotWrite: SnapshotCache.Write?
    /// How `:import FILE` opens a data file into the current schema: set by the program, which
    /// reads graph files through its snapshot cache and shows its progress on a terminal; when
    /// nil, ``DataFile/open(_:base:cache:progress:note:)`` reads them plainly.
    public var dataFileOpener:
        ((_ path: String, _ base: Schema, _ cancellation: CancellationCheck) throws(GraphError) -> DataFile.Opened)?
    /// The progress of reading a file of rows (`:import FILE as KIND …`), told to the program;
    /// nil tells nothing.
    public var readingProgress: ((_ file: String) -> any ReadingProgress)?
    /// Bindings and definitions made by earlier statements.
    public internal(set) var queryState = QueryState()
    /// The last result shown, for `:last`.
    var lastResult: LastResult?
    /// How many rows the running statement gave, for `:timer`.
    private var rowsGiven: Int?
    /// What `why` needs of the last result: the statement, the state it ran in, what it rests on.
    var lastExplained: ExplainedResult?
    /// The stages, functions, commands and help registered at start-up.
    public let registry: PluginRegistry
    /// The user plugins (`*.kagami` files of definitions) read at start-up.
    public private(set) var userPlugins: [UserPlugin] = []
    /// Every statement run this session and whether it succeeded (outputs are not kept: `:save`
    /// records them by replaying, and a long session's outputs would fill memory).
    public private(set) var log: [(statement: String, succeeded: Bool)] = []
    /// The state a session starts from (after user plugins), for replaying it.
    private(set) var startState = QueryState()
    /// Where `:save` writes and `:sessions` looks.
    public var sessions = SessionStore(folder: "sessions")
    /// Where `export` writes.
    public var exports = ConfinedFolder("exports")
    /// Where statements may read files from (`:import`, `:load`).
    public var reads = ReadableFolders.anywhere
    /// Where the statements of a `:load`ed or recovered session may read files from.
    public var replayReads = ReadableFolders.anywhere
    /// The sessions being `:load`ed, outermost first (a session that loads itself stops).
    var sessionsLoading: [String] = []
    /// What the last STIX import kept and skipped.
    public private(set) var importReport: StixReader.LossReport?
    /// The autosave journal of an interactive session.
    public var journal: SessionJournal?
    /// The session's Analysis of Competing Hypotheses (`hypothesis`, `evidence`, `rate`, `:ach`).
    var hypotheses = CompetingHypotheses()
    /// Whether evidence resting on generated data, in whole or in part, counts in the scores
    /// (`:ach synthetic on`).
    var scoresSyntheticEvidence = false

    /// A workspace over a data set, with the stages and functions of `registry` (by default
    /// the language's alone).
    public init(
        document: GraphDocument, settings: RenderSettings = RenderSettings(),
        registry: PluginRegistry = PluginLoader.languageOnly
    ) {
        self.document = document
        self.settings = settings
        self.registry = registry
    }

    /// The renderer for the current settings.
    var renderer: TableRenderer { TableRenderer(settings: settings) }

    /// Runs one statement (a :command, a query, a definition or an expression) and returns
    /// its rendered outcome; the session log records it (but not `:save`, `:help` and the like).
    ///
    /// - Parameter origin: the file and line the statement was read from; its errors then say
    ///   `FILE:LINE:COLUMN`.
    public func execute(_ statement: String, from origin: SourceOrigin? = nil) -> StatementOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        rowsGiven = nil
        if let write = snapshotWrite, memoryBudget.megabytes < MemoryBudget.standard.megabytes {
            _ = write.finish()  // a write that failed is said as the process ends
            snapshotWrite = nil
        }
        let typed = cancellation
        let (check, tripwire) = memoryBudget.guarding(typed)
        cancellation = check
        var outcome = run(statement, origin: origin)
        cancellation = typed
        if tripwire.crossed {
            outcome = .failed(
                "error: the statement took more than \(memoryBudget.megabytes) MiB of memory and was stopped; nothing was changed"
                    + "\n  hint: narrow it (where, take, kinds in a match), or raise the budget: :set memory "
                    + String(memoryBudget.megabytes * 2))
        }
        if settings.timer, CommandInvocation(statement) == nil {
            outcome.timing = Self.timing(clock.now - start, rows: rowsGiven)
        }
        if !StatementCompleteness.isEmpty(statement), CommandInvocation(statement).map(CommandTable.isRecorded) ?? true
        {
            log.append((outcome.recordedAs ?? statement, outcome.succeeded))
            journal?.append(outcome.recordedAs ?? statement, succeeded: outcome.succeeded)
        }
        return outcome
    }

    /// Runs a statement with its result laid out in `format` (an exercise's answer is graded
    /// on its rows as CSV, whatever `:mode` the student chose).
    public func execute(_ statement: String, as format: ResultFormat) -> StatementOutcome {
        let chosen = settings.format
        settings.format = format
        defer { settings.format = chosen }
        return execute(statement)
    }

    private func run(_ statement: String, origin: SourceOrigin?) -> StatementOutcome {
        guard !StatementCompleteness.isEmpty(statement) else { return .succeeded("") }
        guard !StatementCompleteness.isTooLong(statement) else {
            return .failed(
                "error: the statement is longer than \(StatementCompleteness.maximumLength / 1024) KiB and was not run"
                    + "\n  hint: is a bracket or string left open? Ctrl-C abandons a statement being typed")
        }
        do {
            if let invocation = CommandInvocation(statement) {
                return try CommandTable.run(invocation, in: self)
            }
            if let question = WhyQuestion(statement) {
                return .succeeded(try WhyReport(workspace: self).answer(question))
            }
            if let analysis = try HypothesisStatement(statement) {
                return try run(analysis, origin: origin)
            }
        } catch {
            return .failed(error.rendered(source: statement, origin: origin, width: settings.width))
        }
        switch QueryRunner.run(
            statement, graph: document.graph, state: queryState, registry: registry, cancellation: cancellation)
        {
        case .failure(let failure):
            return .failed(
                Diagnostic.render(failure.diagnostics, source: statement, origin: origin, width: settings.width))
        case .success((let result, let state)):
            do {
                let (output, remarks) = try render(result)
                if case .rows(let rows) = result {
                    lastExplained = ExplainedResult(
                        statement: statement, state: queryState, restsOn: resultTally(rows), notes: rows.notes)
                }
                queryState = state
                switch result {
                case .message, .export: return .acknowledged(output)
                case .value, .node, .rows:
                    var outcome = StatementOutcome.succeeded(output)
                    outcome.remarks = remarks
                    return outcome
                }
            } catch {
                return .failed(error.rendered(source: statement, origin: origin, width: settings.width))
            }
        }
    }

    /// The result laid out for the current mode, and the remarks about it that a data mode
    /// keeps out of its output (a table or a record layout shows them under the rows).
    func render(_ result: QueryResult) throws(Diagnostic) -> (output: String, remarks: [String]) {
        switch result {
        case .message(let text):
            return (text, [])
        case .value(let value):
            return (value.isNull ? "null" : value.displayText, [])
        case .node(let node):
            var layout = settings
            layout.maxCellWidth = .max  // one node: whole values, narrowed only to fit the terminal
            let card = TableRenderer(settings: layout).render(
                NodeTables.card(of: node, in: document.graph, state: queryState),
                noun: ("property or link", "properties and links"))
            return (card, [])
        case .export(let rows, let format, let path, let span):
            return (try export(rows, format: format, to: path, at: span), [])
        case .rows(let rows):
            let detail: ResultTables.ProvenanceDetail = [.table, .line].contains(settings.format) ? .origin : .nodes
            // A table or records show their first rows only: only those are made into a table.
            let shownOnly =
                [.table, .line].contains(settings.format) && rows.chart == nil && rows.count > settings.maxRows
            let (table, noun) = try ResultTables.table(
                rows, in: document.graph, provenance: detail, first: shownOnly ? settings.maxRows : nil,
                cancellation: cancellation)
            lastResult = LastResult(
                rows: rows, in: document.graph, detail: detail, shown: table, wholeShown: !shownOnly, noun: noun)
            let rowCount = shownOnly ? rows.count : table.rows.count
            rowsGiven = rowCount
            let remarks = rows.notes + [provenanceRemark(rows)].compactMap { $0 }
            let shownRemarks = remarks.map(settings.fitted)
            switch settings.format {
            case .table:
                let drawn =
                    rows.chart.map { ChartRenderer(settings: settings).render(table, as: $0) }
                    ?? renderer.render(table, noun: noun, rowCount: rowCount)
                return (([drawn] + shownRemarks).joined(separator: "\n"), [])
            case .line:
                let records = RecordRenderer(settings: settings).render(table, noun: noun, rowCount: rowCount)
                return (([records] + shownRemarks).joined(separator: "\n"), [])
            case .json, .jsonl, .csv:
                return (DataRenderer.render(table, as: settings.format), remarks)
            }
        }
    }

    /// `38 rows from 214 incidents: 4 reported, 210 synthetic (generated; docs/synthetic-data.md)`:
    /// said under every table computed from nodes that are not all reported facts.
    private func provenanceRemark(_ rows: RowSet) -> String? {
        guard !rows.carriesNodes, let tally = resultTally(rows), tally.restsOnUnreportedData else { return nil }
        let count = rows.rows.count
        return "\(count) row\(count == 1 ? "" : "s") " + describe(tally)
    }

    /// `from 214 incidents: 4 reported, 210 synthetic (generated; docs/synthetic-data.md)`.
    func describe(_ tally: ProvenanceTally) -> String {
        let kinds = document.graph.schema.kinds
        let kind = tally.kindIndex.flatMap { kinds.indices.contains($0) ? (kinds[$0].name, kinds[$0].plural) : nil }
        let caveat = tally.includesSynthetic ? " (generated; docs/synthetic-data.md)" : ""
        return tally.summary(kind: kind) + caveat
    }

    /// What a result rests on: its nodes or edges, while the rows are one per node or edge
    /// (also after `select`, `take` …); the rows shown, when they are rows of one origin that are
    /// not nodes (an imported file's); else what the table was computed from. A column named
    /// `provenance` is never taken for it: a file or a `select` may write anything there.
    func resultTally(_ rows: RowSet) -> ProvenanceTally? {
        let graph = document.graph
        guard !rows.rows.isEmpty, rows.rows.allSatisfy({ $0.node != nil }) else {
            let ownRows = rows.rows.first.map { $0.node == nil && !rows.isAggregate } ?? false
            return (ownRows ? ProvenanceTally.ofRows(rows, in: graph) : nil) ?? rows.computedFrom
        }
        var own = ProvenanceTally()
        for row in rows.rows {
            if let node = row.node { own.add(graph.origin(of: node), kindIndex: graph.kindIndex(of: node)) }
        }
        return own
    }

    /// `time: 12.3 ms · 38 rows`.
    private static func timing(_ elapsed: Duration, rows: Int?) -> String {
        let (seconds, attoseconds) = elapsed.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        let time =
            milliseconds < 1000
            ? "\((milliseconds * 10).rounded() / 10) ms" : "\((milliseconds / 10).rounded() / 100) s"
        return "time: " + time + (rows.map { " · \($0) row\($0 == 1 ? "" : "s")" } ?? "")
    }

    /// Binds rows to a name, as `let` does.
    func bind(_ name: String, to rows: RowSet) {
        queryState.bindings[name] = rows
    }

    /// Starts from a saved state (a replay starts where the session did).
    func restore(_ state: QueryState) {
        queryState = state
        startState = state
    }

    /// Replaces the data set with the one in a file (a Kagami graph, its snapshot, or a STIX
    /// 2.1 bundle read into the current schema); on any error the workspace is unchanged.
    /// Bindings, definitions, tags and notes are cleared: they belonged to the old data.
    public func load(path: String) throws(GraphError) {
        let opened: DataFile.Opened
        if let open = dataFileOpener {
            opened = try open(path, document.graph.schema, cancellation)
        } else {
            let schema = document.graph.schema
            opened = try DataFile.open(path, base: { schema }, progress: cancellation.progress(telling: nil))
        }
        (document, importReport) = (opened.document, opened.report)
        if let write = opened.snapshotWrite { snapshotWrite = write }
        queryState = startState
        lastResult = nil
    }

    /// The same data set with another graph (rows imported as nodes); the old graph's
    /// bindings are cleared.
    func replaceGraph(_ graph: IncidentGraph) {
        document.graph = graph
        queryState = startState
        lastResult = nil
    }

    /// Whether a statement typed so far needs more lines.
    ///
    /// The bracket and string scan answers first; a statement it finds complete is asked of the
    /// parser too, which also sees a statement stopping after `and`, `where` or `->`. Only short
    /// statements are parsed again line after line, so piped garbage cannot make this quadratic.
    public func isIncomplete(_ statement: String) -> Bool {
        // A comment line is complete: it must not join the statement after it (a piped
        // script's `# …` before `:mode csv` or `why @id`).
        if StatementCompleteness.isEmpty(statement) { return false }
        if StatementCompleteness.isIncomplete(statement) { return true }
        guard CommandInvocation(statement) == nil, statement.utf8.count <= 2048 else { return false }
        return Parser.parse(statement).isIncomplete
    }

    /// Reads user plugins: each file's `def fn` / `def stage` statements become available like
    /// built-ins. A file with an error is skipped whole, with the reason, and changes nothing.
    public func loadUserPlugins(_ files: [(path: String, text: String)]) {
        for file in files {
            let before = queryState
            var problem: String?
            for statement in Script.statements(in: file.text) {
                switch Parser.parse(statement.text).statement?.kind {
                case .defineFunction, .defineStage, nil: break
                default:
                    problem =
                        "\(file.path):\(statement.line ?? 0): only `def fn` and `def stage` belong in a plugin file"
                }
                if problem != nil { break }
                let outcome = execute(statement.text)
                if let error = outcome.error {
                    problem = "\(file.path):\(statement.line ?? 0): \(error.split(separator: "\n").first ?? "")"
                    break
                }
            }
            if problem != nil { queryState = before }
            log.removeAll()
            startState = queryState
            let names = Set(queryState.functions.keys).union(queryState.stages.keys).subtracting(
                Set(before.functions.keys).union(before.stages.keys))
            userPlugins.append(UserPlugin(path: file.path, problem: problem, definitions: names.sorted()))
        }
    }

    /// The one-line greeting: version, what is loaded, where to start.
    public var banner: String {
        let name = document.name.isEmpty ? "graph" : document.name
        return
            "Kagami \(KagamiVersion.current) · \(name): \(document.graph.nodeCount) nodes, \(document.graph.edgeCount) edges · type :help"
    }
}
