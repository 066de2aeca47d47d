import PluginAPI
import Testing

/// A plugin made of closures, to test registration.
struct TestPlugin: Plugin {
    var name = "test-plugin"
    var version = "0.1"
    var summary = "for tests"
    var supportedInterfaceVersions = 1...1
    var defaults: String? = nil
    var contribute: @Sendable (inout PluginRegistrar) throws(PluginError) -> Void = { _ in }

    func defaultConfiguration() throws(PluginError) -> String? { defaults }
    func register(into registrar: inout PluginRegistrar) throws(PluginError) { try contribute(&registrar) }
}

@Suite("Plugin registration")
struct PluginRegistryTests {
    /// A registry with two language stages, one language function and a reserved command.
    func language() throws -> PluginRegistry {
        var registrar = PluginRegistrar(owner: "kagami")
        for word in ["where", "count"] {
            registrar.stage(.language(StageSignature(words: [word], summary: word, columns: .fromStatement)))
        }
        registrar.function(FunctionDefinition("lower", parameters: [], summary: "", run: nil))
        return try PluginRegistry(language: registrar, reservedNames: ["help", "sum"])
    }

    static let classify = StageDefinition(
        StageSignature(words: ["classify", "phases"], summary: "s", columns: .adds(["phase"]))
    ) { call in call.rows }

    @Test("a plugin's stages and functions are registered and found by their words")
    func registers() throws {
        var registry = try language()
        registry.load(
            TestPlugin(contribute: { registrar in
                registrar.stage(Self.classify)
                registrar.function(
                    FunctionDefinition("phase_of", parameters: [Parameter("x")], summary: "") { _ in .int(1) })
                registrar.selfTest(SelfTest("phase_of(1)", expected: "1"))
            }), configuration: .empty)
        #expect(registry.plugins.map(\.state) == [.loaded])
        let (stage, rest) = try #require(registry.stage(named: ["classify", "phases", "on", "x"]))
        #expect(stage.owner == "test-plugin" && rest == ["on", "x"])
        #expect(registry.function(named: "phase_of")?.owner == "test-plugin")
        #expect(
            registry.contributions(of: "test-plugin") == "stages: classify phases; functions: phase_of; self-tests: 1")
        #expect(registry.stage(named: ["classify"]) == nil)
    }

    @Test("a plugin for another interface version is skipped with the reason")
    func interfaceMismatch() throws {
        var registry = try language()
        registry.load(
            TestPlugin(supportedInterfaceVersions: 2...3, contribute: { $0.stage(Self.classify) }),
            configuration: .empty)
        #expect(registry.plugins.first?.state == .skipped("needs plugin interface 2–3; this Kagami offers 1"))
        #expect(registry.stage(named: ["classify", "phases"]) == nil)
    }

    @Test(
        "a clashing or failing plugin is skipped whole and the next one still loads",
        arguments: [
            ("where", "stage `where x` clashes with `where` of kagami"),
            ("lower", "function `lower` is already registered"),
            ("sum", "function `sum` is already registered"),
            ("help", "command `:help` is already registered or not a valid name"),
            ("fails", "cannot read its lexicon"),
            ("Bad Name", "stage `Bad Name x` must be named by lowercase words"),
        ])
    func skipped(clash: String, reason: String) throws {
        var registry = try language()
        let broken = TestPlugin(
            name: "broken",
            contribute: { registrar throws(PluginError) in
                registrar.stage(Self.classify)
                switch clash {
                case "lower", "sum":
                    registrar.function(FunctionDefinition(clash, parameters: [], summary: "") { _ in .null })
                case "help": registrar.command(CommandDefinition(clash, summary: "") { _ in .text("") })
                case "fails": throw PluginError("cannot read its lexicon")
                default:
                    registrar.stage(
                        StageDefinition(StageSignature(words: [clash, "x"], summary: "", columns: .adds([]))) {
                            $0.rows
                        })
                }
            })
        registry.load(broken, configuration: .empty)
        registry.load(TestPlugin(contribute: { $0.stage(Self.classify) }), configuration: .empty)
        #expect(registry.plugins.map(\.state) == [.skipped(reason), .loaded])
        #expect(registry.stage(named: ["classify", "phases"])?.stage.owner == "test-plugin")
        #expect(registry.contributions(of: "broken") == "")
    }

    @Test("two plugins may not register the same stage")
    func duplicateStage() throws {
        var registry = try language()
        registry.load(TestPlugin(name: "a", contribute: { $0.stage(Self.classify) }), configuration: .empty)
        registry.load(TestPlugin(name: "b", contribute: { $0.stage(Self.classify) }), configuration: .empty)
        #expect(registry.plugins.last?.state == .skipped("stage `classify phases` clashes with `classify phases` of a"))
    }
}

@Suite("Plugin settings")
struct PluginConfigurationTests {
    let defaults: PluginConfiguration

    init() throws {
        defaults = try PluginConfiguration.parse(
            #"{"weight": 2.5, "label": "x", "k": 3}"#, file: "defaults", isDefault: true)
    }

    @Test("the analyst's file overrides defaults key by key and says where each came from")
    func overrides() throws {
        let user = try PluginConfiguration.parse("{\n  \"weight\": 4\n}", file: "/c/p.json", isDefault: false)
        let merged = try defaults.overridden(by: user)
        #expect(merged.number("weight", or: 0) == 4)
        #expect(merged.text("label", or: "") == "x")
        #expect(merged.settings.map(\.origin) == ["/c/p.json:2:13", "default", "default"])
    }

    @Test(
        "malformed settings are errors with a position",
        arguments: [
            ("{\"weight\": }", "/c/p.json:1:12:"),
            ("[1, 2]", "/c/p.json:1:1: settings must be a JSON object, found an array"),
            (
                "{\"weight\": {\"a\": 1}}",
                "/c/p.json:1:12: `weight` must be a number, text, a boolean or a list of them"
            ),
        ])
    func malformed(text: String, message: String) {
        #expect(throws: PluginError.self) { try PluginConfiguration.parse(text, file: "/c/p.json", isDefault: false) }
        do {
            _ = try PluginConfiguration.parse(text, file: "/c/p.json", isDefault: false)
        } catch {
            #expect(error.message.hasPrefix(message))
        }
    }

    @Test("unknown keys and wrong types in the analyst's file are refused")
    func refused() throws {
        let unknown = try PluginConfiguration.parse(#"{"wieght": 1}"#, file: "/c/p.json", isDefault: false)
        #expect(throws: PluginError("/c/p.json:1:12: unknown setting `wieght`", hint: "settings: weight, label, k")) {
            try defaults.overridden(by: unknown)
        }
        let wrong = try PluginConfiguration.parse(#"{"k": "many"}"#, file: "/c/p.json", isDefault: false)
        #expect(throws: PluginError("/c/p.json:1:7: `k` must be int, not string")) {
            try defaults.overridden(by: wrong)
        }
    }
}
