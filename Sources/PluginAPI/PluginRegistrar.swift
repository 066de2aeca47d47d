/// Collects what one plugin (or the language itself) contributes. The registry validates the
/// whole contribution before adding any of it, so a plugin is either loaded or skipped.
public struct PluginRegistrar: Sendable {
    /// Who contributes (`kagami` for the language, else the plugin's name).
    public let owner: String
    /// The effective settings: defaults overridden by the analyst's file.
    public let configuration: PluginConfiguration

    private(set) var stages: [StageDefinition] = []
    private(set) var functions: [FunctionDefinition] = []
    private(set) var aggregates: [AggregateDefinition] = []
    private(set) var commands: [CommandDefinition] = []
    private(set) var helpTopics: [HelpTopic] = []
    private(set) var selfTests: [SelfTest] = []
    private(set) var evaluation: CommandDefinition?

    /// A registrar for `owner`'s contributions.
    public init(owner: String, configuration: PluginConfiguration = .empty) {
        self.owner = owner
        self.configuration = configuration
    }

    /// Adds a pipeline stage.
    public mutating func stage(_ stage: StageDefinition) { stages.append(stage) }
    /// Adds a scalar function.
    public mutating func function(_ function: FunctionDefinition) { functions.append(function) }
    /// Adds an aggregate for `summarize`.
    public mutating func aggregate(_ aggregate: AggregateDefinition) { aggregates.append(aggregate) }
    /// Adds a `:command`.
    public mutating func command(_ command: CommandDefinition) { commands.append(command) }
    /// Adds a help topic.
    public mutating func helpTopic(_ topic: HelpTopic) { helpTopics.append(topic) }
    /// Adds a self-test example run by `:plugins check`.
    public mutating func selfTest(_ test: SelfTest) { selfTests.append(test) }
    /// Sets the evaluation run by `:plugins eval NAME`: accuracy on labelled data.
    public mutating func evaluation(
        summary: String, run: @escaping @Sendable (CommandCall) throws(PluginError) -> PluginOutput
    ) {
        evaluation = CommandDefinition("eval", summary: summary, run: run)
    }
}
