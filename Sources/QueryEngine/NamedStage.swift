import PluginAPI
import QuerySyntax
import Spelling

/// What a stage written by name (`classify phases`, a `def stage`) refers to.
enum NamedStage {
    /// A stage registered by a plugin, and the words written after its name.
    case registered(PluginRegistry.Owned<StageDefinition>, optionWords: [String])
    /// A `def stage` of this session.
    case user(UserStage)
}

/// A `def stage NAME(params) = STAGES`, with the text it was written in.
typealias UserStage = (parameters: [String], stages: [Stage], source: String)

extension EvaluationContext {
    /// Resolves a stage written by name and checks how many arguments it was given.
    func namedStage(_ words: [String], argumentCount: Int, at span: SourceSpan) throws(Diagnostic) -> NamedStage {
        let name = words.joined(separator: " ")
        if let (stage, optionWords) = registry.stage(named: words), case .rows = stage.definition.implementation {
            let signature = stage.definition.signature
            guard optionWords.isEmpty || signature.acceptsOptionWords else {
                throw Diagnostic(
                    code: .stageWords,
                    message:
                        "`\(signature.name)` takes no words after its name, found `\(optionWords.joined(separator: " "))`",
                    span: span, hint: signature.grammar)
            }
            let required = signature.parameters.filter { !$0.isOptional }.count
            guard (required...signature.parameters.count).contains(argumentCount) else {
                throw Diagnostic(
                    code: .arity,
                    message:
                        "stage `\(signature.name)` takes \(Self.count(required, signature.parameters.count)), not \(argumentCount)",
                    span: span, hint: signature.grammar)
            }
            return .registered(stage, optionWords: optionWords)
        }
        guard words.count == 1, let definition = state.stages[name] else {
            let known = registry.stageNames + Array(state.stages.keys)
            throw Diagnostic(
                SyntaxDiagnostic.unknownStage, message: "unknown stage `\(TextWidth.truncate(name, toWidth: 40))`",
                span: span,
                hint: Spelling.suggestion(for: name, among: known).map { "did you mean `\($0)`?" }
                    ?? ":help stages lists them")
        }
        guard argumentCount == definition.parameters.count else {
            throw Diagnostic(
                code: .arity,
                message:
                    "stage `\(name)` takes \(Self.count(definition.parameters.count, definition.parameters.count)), not \(argumentCount)",
                span: span)
        }
        return .user(definition)
    }

    private static func count(_ low: Int, _ high: Int) -> String {
        let range = low == high ? "\(low)" : "\(low) to \(high)"
        return "\(range) argument\(high == 1 ? "" : "s")"
    }
}
