import QuerySyntax

/// A stage written by name is a plugin's (with the words and number of arguments it takes) or
/// a `def stage` of the session.
struct KnownStageRule: CheckRule {
    func problems(of stage: Stage, endsQuery: Bool, in scope: CheckScope) -> [Diagnostic] {
        guard case .named(let words, let arguments) = stage.kind else { return [] }
        do {
            _ = try scope.context.namedStage(words, argumentCount: arguments.count, at: stage.span)
            return []
        } catch {
            return [error]
        }
    }
}
