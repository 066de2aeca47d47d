import Glibc

/// The size of the terminal standard output is connected to.
public enum TerminalSize {
    /// Columns of the terminal, or `nil` when standard output is not a terminal.
    public static func columns() -> Int? {
        size().map { Int($0.ws_col) }
    }

    /// Lines of the terminal, or `nil` when standard output is not a terminal.
    public static func rows() -> Int? {
        size().map { Int($0.ws_row) }
    }

    /// The window size; 80×24 when the terminal does not say; `nil` when not a terminal.
    private static func size() -> winsize? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else {
            return winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        }
        return size
    }

    /// Whether standard input is a terminal (a person typing).
    public static var standardInputIsTerminal: Bool {
        isatty(STDIN_FILENO) == 1
    }
}
