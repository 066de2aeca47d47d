import ArgumentParser
import Foundation

/// Writing results to standard output and problems to standard error, a line at a time.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
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
