import QuerySyntax

/// `export` writes the final rows, so it is the last stage, in a format Kagami writes.
struct ExportPlacementRule: CheckRule {
    func problems(of stage: Stage, endsQuery: Bool, in scope: CheckScope) -> [Diagnostic] {
        guard case .export(let format, _) = stage.kind else { return [] }
        guard endsQuery else {
            return [
                Diagnostic(
                    code: .export, message: "`export` writes the final rows: it must be the last stage",
                    span: stage.span, hint: "move it to the end, or bind the rows with let first")
            ]
        }
        guard QueryRunner.exportFormats.contains(format) else {
            return [
                Diagnostic(
                    code: .export, message: "unknown export format `\(format)`", span: stage.span,
                    hint: "formats: " + QueryRunner.exportFormats.joined(separator: ", "))
            ]
        }
        return []
    }
}
