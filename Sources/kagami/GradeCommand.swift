import ArgumentParser
import Foundation
import IncidentGraph
import Workbench

/// `kagami grade FOLDER --exercise N`: grades every student's file in a folder against the
/// teacher's copy of exercise N (never against the digests in the students' files), and
/// writes a report of each task of each student.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade a folder of students' exercise files; print scores and write a CSV or JSON report.")

    @OptionGroup var dataOptions: DataOptions

    @Option(help: ArgumentHelp("The exercise the files answer.", valueName: "N"))
    var exercise: Int

    @Option(help: ArgumentHelp("A teacher's exercises folder instead of the course's.", valueName: "folder"))
    var folder: String?

    @Option(help: ArgumentHelp("Write the report here (.csv or .json), replacing it atomically.", valueName: "file"))
    var report: String?

    @Argument(help: ArgumentHelp("The folder of submissions (.kagami files).", valueName: "submissions"))
    var submissions: String

    /// One line of the report.
    struct Grade: Codable {
        let student: String
        let task: Int
        let result: String
        let detail: String
    }

    func validate() throws {
        if let report, !report.hasSuffix(".csv"), !report.hasSuffix(".json") {
            throw ValidationError("the report is written as CSV or JSON: name it FILE.csv or FILE.json")
        }
    }

    func run() throws {
        guard let exercises = folder ?? Course.exercises, let key = Exercise.text(exercise, in: exercises) else {
            throw ValidationError("there is no exercise \(exercise); kagami exercise lists them")
        }
        let answerKey = Exercise.tasks(in: SessionFile(parsing: key))
        guard FileManager.default.fileExists(atPath: submissions) else {
            throw ValidationError("there is no folder \(submissions)")
        }
        let files = Exercise.files(in: submissions)
        guard !files.isEmpty else { throw ValidationError("\(submissions) holds no .kagami files to grade") }
        var grades: [Grade] = []
        for file in files {
            let student = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            guard let text = try? Output.text(of: file) else {
                grades += answerKey.keys.sorted().map { Grade(student: student, task: $0, result: "error", detail: "unreadable") }
                continue
            }
            let workspace = try dataOptions.openWorkspace()
            // A submission is replayed as kagami check replays: it reads only its own folder
            // and the working folders, and writes nothing.
            workspace.reads = dataOptions.replayReads(besides: [file])
            workspace.sessions = workspace.sessions.writingNothing
            workspace.exports = workspace.exports.writingNothing
            workspace.settings = RenderSettings()
            let check = SessionCheck(SessionFile(parsing: text), in: workspace, answerKey: answerKey)
            grades += check.tasks.map { task, verdict in
                Grade(student: student, task: task.number, result: verdict.word, detail: Self.detail(verdict))
            }
        }
        Output.write(Self.scores(grades, tasks: answerKey.count))
        guard let report else { return }
        do {
            try AtomicFile.write(report.hasSuffix(".json") ? try Self.json(grades) : Self.csv(grades), to: report)
        } catch {
            Output.error("error: could not write \(report): \(error)")
            throw ExitCode(1)
        }
        Output.write("wrote \(grades.count) grades to \(report)")
    }

    /// What the report says besides the verdict: the feedback or the error's first line.
    static func detail(_ verdict: TaskVerdict) -> String {
        switch verdict {
        case .wrong(let feedback): feedback
        case .failed(let error): error.split(separator: "\n").first.map(String.init) ?? error
        case .right, .notAQuery, .unanswered: ""
        }
    }

    /// `student  score`, one line per student.
    static func scores(_ grades: [Grade], tasks: Int) -> String {
        let students = grades.map(\.student).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let width = max(7, students.map(\.count).max() ?? 0)
        let lines = students.map { student in
            let right = grades.filter { $0.student == student && $0.result == "right" }.count
            return student.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(right) of \(tasks) right"
        }
        return (["student".padding(toLength: width, withPad: " ", startingAt: 0) + "  score"] + lines)
            .joined(separator: "\n")
    }

    static func csv(_ grades: [Grade]) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        let rows = grades.map { [field($0.student), String($0.task), $0.result, field($0.detail)].joined(separator: ",") }
        return (["student,task,result,detail"] + rows).joined(separator: "\r\n") + "\r\n"
    }

    static func json(_ grades: [Grade]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(grades), as: UTF8.self) + "\n"
    }
}
