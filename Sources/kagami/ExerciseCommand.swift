import ArgumentParser
import Foundation
import IncidentGraph
import Workbench

/// `kagami exercise N` prints exercise N of the course (or of a teacher's `--folder`), ready to
/// be written to a file, answered and graded as it is; without N, lists them. `kagami exercise
/// --new SOLVED --out FILE` makes an exercise from a solved session (teachers).
struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise", abstract: "Print an exercise, or make one from a solved session (--new).")

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .customLong("new"), help: ArgumentHelp("A solved session to make an exercise of.", valueName: "file"))
    var solved: String?

    @Option(help: ArgumentHelp("Where to write the new exercise.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("A teacher's exercises folder instead of the course's.", valueName: "folder"))
    var folder: String?

    @Argument(help: ArgumentHelp("The exercise's number.", valueName: "N"))
    var number: Int?

    func run() throws {
        if let solved {
            guard let out else { throw ValidationError("--new needs --out FILE for the exercise") }
            let text = try Output.text(of: solved)
            let workspace = try dataOptions.openWorkspace()
            workspace.reads = dataOptions.replayReads(besides: [solved])
            workspace.settings = RenderSettings()
            do {
                try AtomicFile.write(try Exercise.make(fromSolved: SessionFile(parsing: text), in: workspace), to: out)
            } catch {
                Output.error("error: \(error)")
                throw ExitCode(1)
            }
            Output.write("wrote \(out): give it to students; kagami check grades their answers")
            return
        }
        guard let folder = folder ?? Course.exercises else {
            throw ValidationError("this installation has no exercises; name a folder of them with --folder")
        }
        guard FileManager.default.fileExists(atPath: folder) else { throw ValidationError("there is no folder \(folder)") }
        let files = Exercise.files(in: folder)
        guard let number else {
            Output.write(Self.list(files))
            return
        }
        guard let text = Exercise.text(number, in: folder) else {
            throw ValidationError(
                files.isEmpty ? "\(folder) holds no exercises (.kagami files)" : "exercises are numbered 1 to \(files.count)")
        }
        Output.write(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        if isatty(STDOUT_FILENO) != 0 {
            Output.error("write it to a file, answer under each task, then grade it: kagami exercise \(number) > mine.kagami; kagami check mine.kagami")
        }
    }

    /// `  3  Exercise 3: the NPA's 173`, one line per exercise.
    static func list(_ files: [String]) -> String {
        files.enumerated().map { index, file in
            let title = (try? String(contentsOfFile: file, encoding: .utf8))?.split(separator: "\n").first
            let name = title.map { String($0.drop { $0 == "#" || $0 == " " }) } ?? file
            return String(index + 1).leftPadded(to: 3) + "  " + name
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
