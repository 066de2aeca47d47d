import PluginAPI
import QuerySyntax

/// Running stages written by name: plugin stages through the registry, and `def stage`s.
extension QueryRunner {
    /// Deepest chain of `def stage`s using each other.
    static let maximumStageDepth = 32

    func namedStage(
        _ words: [String], _ arguments: [Expression], _ input: RowSet, _ variables: [String: Value],
        at span: SourceSpan
    ) throws(Diagnostic) -> RowSet {
        let outsideRows = compiler(columns: [], variables)
        var values: [Value] = []
        for argument in arguments { values.append(try outsideRows.value(of: argument)) }
        switch try context.namedStage(words, argumentCount: arguments.count, at: span) {
        case .registered(let stage, let optionWords):
            return try runRegistered(stage, values, optionWords, input, arguments: arguments, at: span)
        case .user(let definition):
            let bound = variables.merging(zip(definition.parameters, values)) { $1 }
            return try insideUserStage(words[0], at: span) { body throws(Diagnostic) in
                var rows = input
                for stage in definition.stages { rows = try body.apply(stage, to: rows, variables: bound) }
                return rows
            }
        }
    }

    /// Runs `work` with a runner for the text of the `def stage` called `name`. Its errors are
    /// reported at the call (`in stage `recent`: …`), since their spans are in the definition.
    func insideUserStage<Output>(
        _ name: String, at span: SourceSpan, _ work: (QueryRunner) throws(Diagnostic) -> Output
    ) throws(Diagnostic) -> Output {
        guard stageDepth < Self.maximumStageDepth, let definition = context.state.stages[name] else {
            throw Diagnostic(
                code: .callDepth, message: "stages use each other more than \(Self.maximumStageDepth) deep",
                span: span, hint: "does `\(name)` use itself?")
        }
        do {
            return try work(QueryRunner(context: context, source: definition.source, stageDepth: stageDepth + 1))
        } catch  where error.code == QueryDiagnostic.cancelled.code {
            throw error
        } catch {
            throw error.retold(message: "in stage `\(name)`: \(error.message)", span: span, hint: error.hint)
        }
    }

    /// A plugin's stage, its arguments checked against the signature and its output against
    /// the columns it promised.
    private func runRegistered(
        _ stage: PluginRegistry.Owned<StageDefinition>, _ values: [Value], _ optionWords: [String], _ input: RowSet,
        arguments: [Expression], at span: SourceSpan
    ) throws(Diagnostic) -> RowSet {
        let signature = stage.definition.signature
        for (index, (parameter, value)) in zip(signature.parameters, values).enumerated() {
            if let type = parameter.type, let actual = value.type, !type.accepts(actual) {
                throw Diagnostic(
                    code: .typeMismatch,
                    message:
                        "`\(parameter.name)` of `\(signature.name)` must be \(type.rawValue), not \(actual.rawValue)",
                    span: arguments[index].span, hint: signature.grammar)
            }
        }
        guard case .rows(let run) = stage.definition.implementation else { return input }
        let output: RowSet
        do {
            output = try run(
                StageCall(
                    graph: context.graph, rows: input, arguments: values, optionWords: optionWords,
                    cancellation: context.cancellation))
        } catch {
            try context.checkCancelled()
            throw Diagnostic(
                code: .plugin, message: "\(stage.owner): \(error.message)", span: span, hint: error.hint)
        }
        let expected: [String]? =
            switch signature.columns {
            case .adds(let added): input.columns + added
            case .replaces(let columns): columns
            case .fromStatement: nil
            }
        guard expected.map({ $0 == output.columns }) ?? true,
            output.rows.allSatisfy({ $0.values.count == output.columns.count })
        else {
            throw Diagnostic(
                code: .plugin,
                message: "\(stage.owner): `\(signature.name)` returned rows that do not match its columns",
                span: span, hint: "this is a fault in the plugin; :plugins shows its version")
        }
        return output
    }
}
