import Foundation
import TestSupport
import Testing

/// Teaching exercises: made from solved sessions, graded by `kagami check`.
@Suite("Exercises")
struct ExerciseTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let solutions = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("ExerciseSolutions").path
    static let exercises = root.appendingPathComponent("sessions/exercises").path

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: solutions)) ?? []).filter { $0.hasSuffix(".kagami") }
            .sorted()
    }

    /// The exercise with each task's answer written under its `#?` line.
    static func filledIn(_ exercise: String, answers: [Int: String]) -> String {
        exercise.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            guard line.hasPrefix("#? "), let number = Int(line.dropFirst(3).prefix { $0.isNumber }),
                let answer = answers[number]
            else { return [String(line)] }
            return [String(line), answer]
        }.joined(separator: "\n")
    }

    /// The statement under each `# task N:` comment of a solution.
    static func answers(_ solution: String) -> [Int: String] {
        var answers: [Int: String] = [:]
        var task: Int?
        for line in solution.split(separator: "\n") {
            if line.hasPrefix("# task "), let number = Int(line.dropFirst(7).prefix { $0.isNumber }) {
                task = number
            } else if !line.hasPrefix("#"), let current = task {
                answers[current] = String(line)
                task = nil
            }
        }
        return answers
    }

    @Test("there are at least ten exercises, each made from its solution by kagami exercise --new")
    func inSync() throws {
        #expect(Self.names.count >= 10)
        let folder = try BuiltProgram.temporaryFolder()
        for name in Self.names {
            let made = try BuiltProgram.run([
                "exercise", "--new", Self.solutions + "/" + name, "--out", folder + "/" + name,
            ])
            #expect(made.status == 0, "\(made.error)")
            let shipped = try String(contentsOfFile: Self.exercises + "/" + name, encoding: .utf8)
            #expect(try String(contentsOfFile: folder + "/" + name, encoding: .utf8) == shipped, "\(name)")
            #expect(
                !shipped.contains(
                    "\n"
                        + (Self.answers(try String(contentsOfFile: Self.solutions + "/" + name, encoding: .utf8)).values
                            .first ?? "?")))
        }
    }

    @Test("right answers pass, wrong ones fail with the hint, and the order of rows and columns does not matter")
    func grading() throws {
        let folder = try BuiltProgram.temporaryFolder()
        var files: [String] = []
        for name in Self.names {
            let solution = try String(contentsOfFile: Self.solutions + "/" + name, encoding: .utf8)
            let exercise = try String(contentsOfFile: Self.exercises + "/" + name, encoding: .utf8)
            let path = folder + "/" + name
            try Self.filledIn(exercise, answers: Self.answers(solution)).write(
                toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        let right = try BuiltProgram.run(["check"] + files)
        #expect(right.status == 0, "\(right.output)")
        #expect(!right.output.contains("not yet right") && !right.output.contains("not answered"))

        let exercise = try String(contentsOfFile: Self.exercises + "/02-phase-two-sectors.kagami", encoding: .utf8)
        let reordered = folder + "/reordered.kagami"
        try Self.filledIn(
            exercise,
            answers: [
                1:
                    "incidents | classify phases | where phase == 2 | count by target.sector | sort count asc | select n = count, s = target.sector"
            ]
        ).write(toFile: reordered, atomically: true, encoding: .utf8)
        let wrong = folder + "/wrong.kagami"
        try Self.filledIn(exercise, answers: [1: "incidents | count by target.sector"]).write(
            toFile: wrong, atomically: true, encoding: .utf8)
        #expect(try BuiltProgram.run(["check", reordered]).status == 0)
        let graded = try BuiltProgram.run(["check", wrong])
        #expect(graded.status == 3)
        #expect(graded.output.contains("task 1: not yet right — hint: count by the target's sector"))
    }

    @Test("kagami exercise N prints the tasks without the answers' digests")
    func printTask() throws {
        let result = try BuiltProgram.run(["exercise", "--folder", Self.exercises, "1"])
        #expect(result.status == 0)
        #expect(result.output.contains("# task 1: How many incidents does the phase classifier place in phase 2?"))
        #expect(!result.output.contains("#? "))
        #expect(try BuiltProgram.run(["exercise", "--folder", Self.exercises, "99"]).status == 2)
        let sessions = Self.root.appendingPathComponent("sessions").path
        let atPrompt = try BuiltProgram.run(["--sessions-dir", sessions, "-c", ":exercise 10"])
        #expect(atPrompt.output.contains("# task 2: And how many events does the schedule-blind model expect there?"))
        #expect(!atPrompt.output.contains("#? "))
    }
}
