import Glibc

/// The size of the terminal standard output is connected to.
public enum TerminalSize {
    /// Columns of the terminal, or `nil` when standard output is not a terminal.
    public static func columns() -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Whether standard input is a terminal (a person typing).
    public static var standardInputIsTerminal: Bool {
        isatty(STDIN_FILENO) == 1
    }
}
