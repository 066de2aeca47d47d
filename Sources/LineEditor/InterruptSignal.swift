import Glibc
import Synchronization

/// Ctrl-C while a statement runs: a SIGINT handler that records the request instead of
/// killing the process, so that long work can stop and the REPL keep going.
///
/// At the prompt, libedit turns the terminal's signal keys off and Ctrl-C is an ordinary key
/// (see ``LibEditLineReader``); this handler only sees SIGINT while a statement runs.
public enum InterruptSignal {
    /// Set by the signal handler; a process has one SIGINT disposition, hence one flag.
    private static let pending = Atomic<Bool>(false)

    /// Installs the handler (without `SA_RESTART`, so blocking reads return).
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in InterruptSignal.pending.store(true, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Whether Ctrl-C was pressed since the last ``reset()``; long work polls this.
    public static var isPending: Bool {
        pending.load(ordering: .relaxed)
    }

    /// Forgets an earlier Ctrl-C, before a new statement starts.
    public static func reset() {
        pending.store(false, ordering: .relaxed)
    }
}
