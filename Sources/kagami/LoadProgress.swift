import Foundation
import LineEditor
import QuerySyntax
import Workbench

/// A progress line on the terminal while a large file loads: after the first second, bytes
/// and records so far, the rate and the time left, rewritten in place; nothing when standard
/// error is not a terminal (a script's output stays clean).
final class LoadProgress: ReadingProgress {
    private let name: String
    private let start = Date()
    /// How long the work goes on before a line is shown.
    private let delay: TimeInterval
    private let shows = isatty(STDERR_FILENO) != 0
    private var shown = false

    init(name: String, after delay: TimeInterval = 1) {
        self.name = (name as NSString).lastPathComponent
        self.delay = delay
    }

    /// A line for a file being read (`--data`, `:import`): `g.jsonl: 123 of 512 MB · 400,000
    /// records · 55 MB/s · about 7 s left` (`under 1 s left` in the last second).
    func reading(_ bytesRead: Int, _ totalBytes: Int, _ records: Int) {
        let elapsed = Date().timeIntervalSince(start)
        guard shows, elapsed >= delay, bytesRead < totalBytes else { return }
        let rate = Double(bytesRead) / elapsed
        let left = Double(totalBytes - bytesRead) / max(rate, 1)
        show(
            "\(name): \(bytesRead >> 20) of \(totalBytes >> 20) MB · \(records.formatted()) records · "
                + "\(Int(rate) >> 20) MB/s · " + (left < 1 ? "under 1 s left" : "about \(Int(left.rounded())) s left"))
    }

    /// A line for a step without a measure of its own (writing the snapshot).
    func step(_ text: String) {
        guard shows, Date().timeIntervalSince(start) >= delay else { return }
        show("\(name): \(text)")
    }

    /// Clears the line, leaving the terminal as it was.
    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }

    private func show(_ text: String) {
        let width = TerminalSize.columns() ?? 80
        // Cut to the terminal's width in columns (a Japanese file name takes two a character),
        // so that the line never wraps and `\r` returns to its start.
        FileHandle.standardError.write(
            Data(("\r\u{1B}[K" + TextWidth.truncate(text, toWidth: max(10, width - 1))).utf8))
        shown = true
    }
}
