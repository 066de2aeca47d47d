import QueryEngine
import QuerySyntax

/// Every code Kagami's diagnostics carry, from the lexer to the workbench, with what it means
/// and how it is usually fixed: `:help errors` lists them, `:help CODE` explains one.
enum ErrorCatalogue {
    /// One code and its explanation.
    struct Entry: Equatable {
        let code: String
        let summary: String
        let note: String
    }

    /// The codes in the order a statement meets them: text, then query, then workbench.
    static let all: [Entry] =
        entries(of: SyntaxDiagnostic.self) + entries(of: QueryDiagnostic.self) + entries(of: WorkbenchDiagnostic.self)

    /// The entry of `code`, if it is one.
    static func entry(code: String) -> Entry? {
        all.first { $0.code == code }
    }

    private static func entries<Catalogue: DiagnosticCatalogue>(of _: Catalogue.Type) -> [Entry] {
        Catalogue.allCases.map { Entry(code: $0.code, summary: $0.explanation.summary, note: $0.explanation.note) }
    }
}
