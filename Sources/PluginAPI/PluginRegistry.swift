/// Everything registered at start-up: the language's own stages and functions, then each
/// plugin's contributions. Built once, validated (no duplicate or malformed names), and then
/// handed to the workbench as a value; nothing changes it afterwards.
public struct PluginRegistry: Sendable {
    /// One plugin and what became of it.
    public struct Record: Sendable {
        /// Its name.
        public let name: String
        /// Its version (`-` when unknown).
        public let version: String
        /// What it does.
        public let summary: String
        /// Loaded, or skipped with the reason.
        public let state: State
        /// Its effective settings.
        public let configuration: PluginConfiguration
        /// Why the analyst's settings file was not used, if it was not.
        public let configurationProblem: String?
    }

    /// Whether a plugin took part.
    public enum State: Sendable, Equatable {
        /// Its contributions are available.
        case loaded
        /// It was left out, for this reason (one line).
        case skipped(String)
    }

    /// A contribution and who made it.
    public struct Owned<Definition: Sendable>: Sendable {
        /// `kagami` for the language, else the plugin's name.
        public let owner: String
        /// The contribution.
        public let definition: Definition
    }

    /// Every plugin asked to register, in order.
    public private(set) var plugins: [Record] = []
    /// Stages, the language's first.
    public private(set) var stages: [Owned<StageDefinition>] = []
    /// Scalar functions, the language's first.
    public private(set) var functions: [Owned<FunctionDefinition>] = []
    /// Aggregates contributed by plugins (the language's own are part of `summarize`).
    public private(set) var aggregates: [Owned<AggregateDefinition>] = []
    /// `:commands` contributed by plugins.
    public private(set) var commands: [Owned<CommandDefinition>] = []
    /// Help topics.
    public private(set) var helpTopics: [Owned<HelpTopic>] = []
    /// Self-test examples.
    public private(set) var selfTests: [Owned<SelfTest>] = []
    /// Evaluations, by plugin name.
    public private(set) var evaluations: [String: CommandDefinition] = [:]

    /// Names no plugin may take: the language's aggregates and the workbench's commands.
    private let reservedNames: Set<String>
    /// Position of each function in `functions`, for lookups on every row.
    private var functionPositions: [String: Int] = [:]

    /// A registry holding the language's own contributions. `reservedNames` are names that
    /// belong to the language or the workbench but are not registered (aggregates, `:commands`).
    public init(language: PluginRegistrar, reservedNames: Set<String>) throws(PluginError) {
        self.reservedNames = reservedNames
        try add(language)
    }

    /// Asks `plugin` to register with `configuration`; records it as loaded, or as skipped
    /// with a one-line reason when its interface range does not match, it fails, or what it
    /// registers clashes with what is there. A skipped plugin adds nothing.
    public mutating func load(
        _ plugin: any Plugin, configuration: PluginConfiguration, configurationProblem: String? = nil
    ) {
        func record(_ state: State) {
            plugins.append(
                Record(
                    name: plugin.name, version: plugin.version, summary: plugin.summary, state: state,
                    configuration: configuration, configurationProblem: configurationProblem))
        }
        let supported = plugin.supportedInterfaceVersions
        guard supported.contains(PluginInterface.version) else {
            let range =
                supported.lowerBound == supported.upperBound
                ? "\(supported.lowerBound)" : "\(supported.lowerBound)–\(supported.upperBound)"
            record(.skipped("needs plugin interface \(range); this Kagami offers \(PluginInterface.version)"))
            return
        }
        guard !plugins.contains(where: { $0.name == plugin.name }) else {
            record(.skipped("a plugin named `\(plugin.name)` is already registered"))
            return
        }
        var registrar = PluginRegistrar(owner: plugin.name, configuration: configuration)
        do {
            try plugin.register(into: &registrar)
            try add(registrar)
            record(.loaded)
        } catch {
            record(.skipped(error.message))
        }
    }

    /// Records a plugin that could not be asked to register (its defaults are unreadable).
    public mutating func skip(_ plugin: any Plugin, reason: String) {
        plugins.append(
            Record(
                name: plugin.name, version: plugin.version, summary: plugin.summary, state: .skipped(reason),
                configuration: .empty, configurationProblem: nil))
    }

    /// The stage named by the first of `words` (the longest match), and the words left after its name.
    public func stage(named words: [String]) -> (stage: Owned<StageDefinition>, optionWords: [String])? {
        let match =
            stages
            .filter { words.starts(with: $0.definition.signature.words) }
            .max { $0.definition.signature.words.count < $1.definition.signature.words.count }
        return match.map { ($0, Array(words.dropFirst($0.definition.signature.words.count))) }
    }

    /// The scalar function with this name.
    public func function(named name: String) -> Owned<FunctionDefinition>? {
        functionPositions[name].map { functions[$0] }
    }

    /// The aggregate with this name.
    public func aggregate(named name: String) -> Owned<AggregateDefinition>? {
        aggregates.first { $0.definition.name == name }
    }

    /// The command with this name.
    public func command(named name: String) -> Owned<CommandDefinition>? {
        commands.first { $0.definition.name == name }
    }

    /// Stage names, for completion and hints.
    public var stageNames: [String] { stages.map(\.definition.signature.name) }

    /// What `owner` contributed, in one line (`stages: classify phases; functions: phase_of`).
    public func contributions(of owner: String) -> String {
        let parts: [(String, [String])] = [
            ("stages", stages.filter { $0.owner == owner }.map(\.definition.signature.name)),
            ("functions", functions.filter { $0.owner == owner }.map(\.definition.name)),
            ("aggregates", aggregates.filter { $0.owner == owner }.map(\.definition.name)),
            ("commands", commands.filter { $0.owner == owner }.map { ":" + $0.definition.name }),
            ("help", helpTopics.filter { $0.owner == owner }.map(\.definition.name)),
        ]
        var text = parts.filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1.joined(separator: ", "))" }
        let tests = selfTests.filter { $0.owner == owner }.count
        if tests > 0 { text.append("self-tests: \(tests)") }
        if evaluations[owner] != nil { text.append("evaluation") }
        return text.joined(separator: "; ")
    }

    /// Validates a whole contribution against what is registered, then adds it.
    private mutating func add(_ registrar: PluginRegistrar) throws(PluginError) {
        let owner = registrar.owner
        var taken = reservedNames.union(functions.map(\.definition.name)).union(aggregates.map(\.definition.name))
        var known = stages
        for stage in registrar.stages {
            let words = stage.signature.words
            guard !words.isEmpty, words.allSatisfy(Self.isName) else {
                throw PluginError("stage `\(stage.signature.name)` must be named by lowercase words")
            }
            // A stage may not repeat another's name, nor begin with a word of the language (`where`).
            let clash = known.first { other in
                other.definition.signature.words == words
                    || (Self.isLanguage(other) && other.definition.signature.words[0] == words[0])
            }
            if let clash {
                throw PluginError(
                    "stage `\(stage.signature.name)` clashes with `\(clash.definition.signature.name)` of \(clash.owner)"
                )
            }
            known.append(Owned(owner: owner, definition: stage))
        }
        for name in registrar.functions.map(\.name) + registrar.aggregates.map(\.name) {
            guard Self.isName(name) else { throw PluginError("`\(name)` is not a valid function name") }
            guard taken.insert(name).inserted else { throw PluginError("function `\(name)` is already registered") }
        }
        var commandNames = reservedNames.union(commands.map(\.definition.name))
        for command in registrar.commands {
            guard Self.isName(command.name), commandNames.insert(command.name).inserted else {
                throw PluginError("command `:\(command.name)` is already registered or not a valid name")
            }
        }
        var topics = Set(helpTopics.map(\.definition.name))
        for topic in registrar.helpTopics where !topics.insert(topic.name).inserted {
            throw PluginError("help topic `\(topic.name)` is already registered")
        }
        for test in registrar.selfTests where test.statement.allSatisfy(\.isWhitespace) {
            throw PluginError("a self-test has no statement")
        }
        stages = known
        for function in registrar.functions {
            functionPositions[function.name] = functions.count
            functions.append(Owned(owner: owner, definition: function))
        }
        aggregates += registrar.aggregates.map { Owned(owner: owner, definition: $0) }
        commands += registrar.commands.map { Owned(owner: owner, definition: $0) }
        helpTopics += registrar.helpTopics.map { Owned(owner: owner, definition: $0) }
        selfTests += registrar.selfTests.map { Owned(owner: owner, definition: $0) }
        if let evaluation = registrar.evaluation { evaluations[owner] = evaluation }
    }

    private static func isLanguage(_ stage: Owned<StageDefinition>) -> Bool {
        if case .language = stage.definition.implementation { return true }
        return false
    }

    /// A lowercase identifier: `[a-z_][a-z0-9_]*`.
    private static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
