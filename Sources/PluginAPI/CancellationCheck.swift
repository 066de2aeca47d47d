/// Asks whether the analyst has cancelled the running statement (Ctrl-C).
///
/// Long work — stages, plugin analyses, building large tables — polls it every few thousand
/// rows and stops with a "cancelled" error, so that the REPL keeps running.
public struct CancellationCheck: Sendable {
    private let check: @Sendable () -> Bool

    /// A check that asks `check`, which must be cheap (an atomic load).
    public init(_ check: @escaping @Sendable () -> Bool) {
        self.check = check
    }

    /// A check that never cancels (scripts, tests).
    public static let never = CancellationCheck { false }

    /// Whether the statement should stop now.
    public var isCancelled: Bool { check() }
}
