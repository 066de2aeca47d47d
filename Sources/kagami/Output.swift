import ArgumentParser
import Foundation
import Glibc

/// Writing results to standard output and problems to standard error.
///
/// Writes go straight to the file descriptors: a full disk ends the program with a clear error
/// and exit 1 (Foundation's `FileHandle.write` traps instead), and a reader that has gone away
/// (`kagami … | head -1`) ends it quietly through SIGPIPE, as every Unix filter does.
enum Output {
    /// Writes a line to standard output.
    static func write(_ text: String) {
        raw(text + "\n")
    }

    /// Writes text as is to standard output; a failed write ends the program with exit 1.
    static func raw(_ text: String) {
        guard let failure = Self.write(text, to: STDOUT_FILENO) else { return }
        error("error: cannot write output: \(String(cString: strerror(failure)))")
        Foundation.exit(1)
    }

    /// Writes a line to standard error (a failure there has nowhere to be reported).
    static func error(_ text: String) {
        _ = write(text + "\n", to: STDERR_FILENO)
    }

    /// Writes text as is to standard error.
    static func rawError(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// Writes all of `text`; the `errno` of a failed write, or `nil`.
    private static func write(_ text: String, to descriptor: Int32) -> Int32? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer -> Int32? in
            guard let start = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, start + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }

    /// The text of a file the user named; a missing or non-UTF-8 file is reported and ends the
    /// program with 1.
    static func text(of file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            error("error: cannot read \(file) (it does not exist or is not UTF-8 text)")
            throw ExitCode(1)
        }
        return text
    }
}
