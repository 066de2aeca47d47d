/// The problems one part of Kagami reports, as an enum whose raw values are the stable codes
/// (`name.unknown`, `command.import`): every diagnostic is made from a case, so no code is
/// written twice or left without an explanation, and `:help errors` lists them all.
public protocol DiagnosticCatalogue: CaseIterable, Sendable, RawRepresentable where RawValue == String {
    /// What the problem is, in a line, and a note on why it usually happens and how to fix it.
    var explanation: (summary: String, note: String) { get }
}

extension DiagnosticCatalogue {
    /// The stable code, `domain.name`.
    public var code: String { rawValue }
}
