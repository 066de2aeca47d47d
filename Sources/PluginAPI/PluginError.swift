/// What went wrong in a plugin, said to the analyst as a diagnostic naming the plugin.
public struct PluginError: Error, Sendable, Equatable {
    /// What went wrong.
    public let message: String
    /// How to fix it, when a fix is likely.
    public let hint: String?

    /// An error with an optional hint.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

extension PluginError {
    /// The analyst pressed Ctrl-C; the workbench reports it like any cancelled statement.
    public static let cancelled = PluginError("cancelled (Ctrl-C); nothing was changed")
}
