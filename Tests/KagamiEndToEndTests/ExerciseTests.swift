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

    /// The statement under each `# task N:` comment of a solution (its alternatives, under
    /// `# also task N`, with `alternatives`).
    static func answers(_ solution: String, alternatives: Bool = false) -> [Int: String] {
        var answers: [Int: String] = [:]
        var task: Int?
        let marker = alternatives ? "# also task " : "# task "
        for line in solution.split(separator: "\n") {
            if line.hasPrefix(marker), let number = Int(line.dropFirst(marker.count).prefix { $0.isNumber }) {
                task = number
            } else if !line.hasPrefix("#"), let current = task {
                answers[current] = String(line)
                task = nil
            }
        }
        return answers
    }

    @Test("there are at least fifteen exercises, each made from its solution by kagami exercise --new")
    func inSync() throws {
        #expect(Self.names.count >= 15)
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
        // A teacher's alternative answers are right too.
        for name in Self.names {
            let solution = try String(contentsOfFile: Self.solutions + "/" + name, encoding: .utf8)
            let alternatives = Self.answers(solution, alternatives: true)
            guard !alternatives.isEmpty else { continue }
            let exercise = try String(contentsOfFile: Self.exercises + "/" + name, encoding: .utf8)
            let path = folder + "/also-" + name
            try Self.filledIn(exercise, answers: Self.answers(solution).merging(alternatives) { $1 }).write(
                toFile: path, atomically: true, encoding: .utf8)
            let graded = try BuiltProgram.run(["check", path])
            #expect(graded.status == 0, "\(graded.output)")
        }

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
        #expect(
            graded.output.contains(
                "task 1: not yet right: your result has 9 rows; the expected one has 5 — hint: count by the target's sector"
            ), "\(graded.output)")
        #expect(graded.output.contains("tasks: 0 of 1 right"))
    }

    @Test(
        "fair grading: names for ids, any case, constant columns added; not a bare value, not an empty answer",
        arguments: [
            (2, "incidents | classify phases | where phase == 2 | count by target.sector.name", true),
            (4, "vulnerabilities | select id", true),
            (1, "incidents | classify phases | count by phase | where phase == 2", true),
            (1, "38", false),
            (1, "", false),
            (1, ":stats", false),
            (1, "incidents | classify phases | count by phase", false),
        ])
    func fairness(exercise: Int, answer: String, right: Bool) throws {
        let name = Self.names[exercise - 1]
        let text = try String(contentsOfFile: Self.exercises + "/" + name, encoding: .utf8)
        let path = try BuiltProgram.temporaryFolder() + "/" + name
        try Self.filledIn(text, answers: answer.isEmpty ? [:] : [1: answer]).write(
            toFile: path, atomically: true, encoding: .utf8)
        let graded = try BuiltProgram.run(["check", path])
        #expect(graded.status == (right ? 0 : 3), "\(graded.output)")
        if answer == "38" { #expect(graded.output.contains("task 1: not a query over the data")) }
        if answer.isEmpty { #expect(graded.output.contains("task 1: not answered")) }
    }

    @Test("the same answer has a different digest in each exercise: digests are salted")
    func salted() throws {
        let lines = try Self.names.flatMap { name in
            try String(contentsOfFile: Self.exercises + "/" + name, encoding: .utf8).split(separator: "\n")
                .filter { $0.hasPrefix("#? ") }
        }
        let salts = Set(lines.compactMap { $0.split(separator: " ").first { $0.hasPrefix("salt=") } })
        #expect(salts.count == Self.names.count)
        // Exercises 1 and 3 both expect a single count; their digests would meet only by chance.
        let digests = lines.map { $0.split(separator: " ")[2] }
        #expect(Set(digests).count == digests.count)
    }

    @Test("kagami exercise N prints the file to answer in; at the prompt, the tasks without their #? lines")
    func printTask() throws {
        let result = try BuiltProgram.run(["exercise", "--folder", Self.exercises, "1"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("# Exercise 1: how big was phase 2?\n"))
        #expect(result.output.contains("# task 1: How many incidents does the phase classifier place in phase 2?\n#? 1 "))
        #expect(try BuiltProgram.run(["exercise", "--folder", Self.exercises, "99"]).status == 2)
        let listed = try BuiltProgram.run(["exercise"])
        #expect(listed.output.split(separator: "\n").count == Self.names.count)
        #expect(listed.output.contains(" 15  Exercise 15: how solid are the numbers?"))
        let atPrompt = try BuiltProgram.run(["-c", ":exercise 10"], in: try BuiltProgram.temporaryFolder())
        #expect(atPrompt.output.contains("# task 2: And how many events does the schedule-blind model expect there?"))
        #expect(!atPrompt.output.split(separator: "\n").contains { $0.hasPrefix("#? ") })
    }
}
