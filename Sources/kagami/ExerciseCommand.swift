import ArgumentParser
import Foundation
import IncidentGraph
import Workbench

/// `kagami exercise N` prints exercise N of `sessions/exercises/`; `kagami exercise --new
/// SOLVED --out FILE` makes an exercise from a solved session (teachers).
struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise", abstract: "Print an exercise, or make one from a solved session (--new).")

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .customLong("new"), help: ArgumentHelp("A solved session to make an exercise of.", valueName: "file"))
    var solved: String?

    @Option(help: ArgumentHelp("Where to write the new exercise.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("The exercises folder.", valueName: "folder"))
    var folder = "sessions/exercises"

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
        guard let number, let exercise = Exercise.shown(number, in: folder) else {
            throw ValidationError("exercises are numbered 1 to \(Exercise.count(in: folder)) (in \(folder))")
        }
        Output.write(exercise.path + "\n" + exercise.text)
    }
}
