/// A pipeline stage: its signature and what runs it.
public struct StageDefinition: Sendable {
    /// How it is written.
    public let signature: StageSignature
    /// What runs it.
    public let implementation: Implementation

    /// A stage that a plugin runs over the incoming rows.
    public init(_ signature: StageSignature, run: @escaping @Sendable (StageCall) throws(PluginError) -> RowSet) {
        self.signature = signature
        implementation = .rows(run)
    }

    /// A stage of the language itself (`where`, `sort` …): the engine parses its arguments
    /// as grammar and runs it; the registry holds its name, grammar and help like any other.
    public static func language(_ signature: StageSignature) -> StageDefinition {
        StageDefinition(signature: signature, implementation: .language)
    }

    private init(signature: StageSignature, implementation: Implementation) {
        self.signature = signature
        self.implementation = implementation
    }

    /// What runs a stage.
    public enum Implementation: Sendable {
        /// The query engine (built-in stages).
        case language
        /// A plugin's function from the incoming rows to the outgoing ones.
        case rows(@Sendable (StageCall) throws(PluginError) -> RowSet)
    }
}

/// What a stage is given: the graph, the incoming rows, its arguments, a cancellation check.
public struct StageCall: Sendable {
    /// The graph, read-only.
    public let graph: IncidentGraph
    /// The rows flowing into the stage.
    public let rows: RowSet
    /// The arguments, evaluated, in the order of the signature's parameters.
    public let arguments: [Value]
    /// Words written after the stage's name (`on subject`), for stages that accept them.
    public let optionWords: [String]
    /// Poll it every few thousand rows; throw `PluginError.cancelled` when it says so.
    public let cancellation: CancellationCheck

    /// A call.
    public init(
        graph: IncidentGraph, rows: RowSet, arguments: [Value], optionWords: [String], cancellation: CancellationCheck
    ) {
        self.graph = graph
        self.rows = rows
        self.arguments = arguments
        self.optionWords = optionWords
        self.cancellation = cancellation
    }
}

/// A scalar function (`phase_of(incident)`).
public struct FunctionDefinition: Sendable {
    /// Its name.
    public let name: String
    /// Its arguments.
    public let parameters: [Parameter]
    /// One line saying what it returns.
    public let summary: String
    /// What runs it; nil for the functions of the language itself.
    public let run: (@Sendable (FunctionCall) throws(PluginError) -> Value)?

    /// A function.
    public init(
        _ name: String, parameters: [Parameter], summary: String,
        run: (@Sendable (FunctionCall) throws(PluginError) -> Value)?
    ) {
        self.name = name
        self.parameters = parameters
        self.summary = summary
        self.run = run
    }
}

/// What a function is given: the graph and its evaluated arguments.
public struct FunctionCall: Sendable {
    /// The graph, read-only.
    public let graph: IncidentGraph
    /// The arguments, in the order written.
    public let arguments: [Value]

    /// A call.
    public init(graph: IncidentGraph, arguments: [Value]) {
        self.graph = graph
        self.arguments = arguments
    }
}

/// An aggregate for `summarize` (`summarize lure_mean(subject) by …`).
public struct AggregateDefinition: Sendable {
    /// Its name.
    public let name: String
    /// One line saying what it computes.
    public let summary: String
    /// The aggregate of one group's values (nulls included, in row order).
    public let run: @Sendable ([Value]) throws(PluginError) -> Value

    /// An aggregate.
    public init(_ name: String, summary: String, run: @escaping @Sendable ([Value]) throws(PluginError) -> Value) {
        self.name = name
        self.summary = summary
        self.run = run
    }
}

/// A `:command` (`:phases`), or the plugin's evaluation run by `:plugins eval NAME`.
public struct CommandDefinition: Sendable {
    /// Its name, without the colon.
    public let name: String
    /// Its arguments as `:help` shows them.
    public let arguments: String
    /// One line saying what it does.
    public let summary: String
    /// What runs it.
    public let run: @Sendable (CommandCall) throws(PluginError) -> PluginOutput

    /// A command.
    public init(
        _ name: String, arguments: String = "", summary: String,
        run: @escaping @Sendable (CommandCall) throws(PluginError) -> PluginOutput
    ) {
        self.name = name
        self.arguments = arguments
        self.summary = summary
        self.run = run
    }
}

/// What a command is given: the graph, the text after its name, a cancellation check.
public struct CommandCall: Sendable {
    /// The graph, read-only.
    public let graph: IncidentGraph
    /// What was written after the command's name, trimmed.
    public let argument: String
    /// Poll it during long work.
    public let cancellation: CancellationCheck

    /// A call.
    public init(graph: IncidentGraph, argument: String, cancellation: CancellationCheck) {
        self.graph = graph
        self.argument = argument
        self.cancellation = cancellation
    }
}

/// What a command returns for the workbench to render.
public enum PluginOutput: Sendable {
    /// Lines of text.
    case text(String)
    /// Tables, each with a title line, in order.
    case tables([(title: String, table: Table)])
}

/// A help topic shown by `:help NAME`.
public struct HelpTopic: Sendable, Equatable {
    /// The topic's name.
    public let name: String
    /// Its text.
    public let text: String

    /// A topic.
    public init(_ name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// A statement and the result it must give, run by `:plugins check`.
public struct SelfTest: Sendable, Equatable {
    /// The statement.
    public let statement: String
    /// The result as CSV (a header line, then rows), or a single value's text.
    public let expected: String

    /// A self-test.
    public init(_ statement: String, expected: String) {
        self.statement = statement
        self.expected = expected
    }
}
