import Foundation
import TestSupport
import Testing

/// The course as a student and a teacher meet it: the program alone, run from an empty folder.
@Suite("The course from an empty folder")
struct CourseTests {
    static let right =
        #"incidents | where provenance == "synthetic" and vector in ["spear-phishing-attachment", "spear-phishing-link"] | count"#
    static let wrong = #"incidents | where vector == "spear-phishing-attachment" | count"#

    /// An exercise file with `answer` written under the `#? 1` line.
    static func answered(_ exercise: String, _ answer: String) -> String {
        exercise.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { $0.hasPrefix("#? 1 ") ? [String($0), answer] : [String($0)] }.joined(separator: "\n")
    }

    @Test("kagami tutorial runs; kagami exercise 3 > mine.kagami is graded wrong, then right")
    func student() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let tutorial = try BuiltProgram.run(["tutorial"], in: folder)
        #expect(tutorial.status == 0, "\(tutorial.error)")
        #expect(tutorial.output.contains("kagami> actors\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "the tutorial writes nothing")

        let mine = folder + "/mine.kagami"
        #expect(FileManager.default.createFile(atPath: mine, contents: nil))
        #expect(try BuiltProgram.run(["exercise", "3"], standardOutput: mine, in: folder).status == 0)
        let exercise = try String(contentsOfFile: mine, encoding: .utf8)
        #expect(exercise.hasPrefix("# Exercise 3: the NPA's 173\n"))

        let unanswered = try BuiltProgram.run(["check", "mine.kagami"], in: folder)
        #expect(unanswered.status == 3)
        #expect(unanswered.output.contains("mine.kagami: task 1: not answered\nmine.kagami: tasks: 0 of 1 right"))

        try Self.answered(exercise, Self.wrong).write(toFile: mine, atomically: true, encoding: .utf8)
        let wrong = try BuiltProgram.run(["check", "mine.kagami"], in: folder)
        #expect(wrong.status == 3)
        #expect(wrong.output.contains("task 1: not yet right: the shape is right (1 row, 1 column) but some values differ"))
        #expect(!wrong.output.contains("173"), "feedback never shows the answer")

        try Self.answered(exercise, Self.right).write(toFile: mine, atomically: true, encoding: .utf8)
        let right = try BuiltProgram.run(["check", "mine.kagami"], in: folder)
        #expect(right.status == 0, "\(right.output)")
        #expect(right.output.contains("mine.kagami: task 1: right\nmine.kagami: tasks: 1 of 1 right"))
    }

    @Test("kagami grade: ten submissions, graded against the course's copy into a CSV report, nothing written elsewhere")
    func teacher() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let exercise = try BuiltProgram.run(["exercise", "3"], in: folder).output
        let submissions = folder + "/submissions"
        try FileManager.default.createDirectory(atPath: submissions, withIntermediateDirectories: true)
        let sneaky = Self.right + "\n:import /etc/passwd as p\np\n:save ../../escaped\nincidents | export csv \"../../x\""
        let answers: [(student: String, text: String, result: String)] = [
            ("aiko", Self.answered(exercise, Self.right), "right"),
            ("ben", Self.answered(exercise, Self.right.replacingOccurrences(of: "synthetic", with: "SYNTHETIC")), "wrong"),
            ("chen", Self.answered(exercise, Self.wrong), "wrong"),
            ("dana", Self.answered(exercise, "incidents | wher vector == 1 | count"), "error"),
            ("emi", Self.answered(exercise, "173"), "not a query"),
            ("femi", exercise, "unanswered"),
            ("goro", Self.answered(exercise, "incidents | where provenance == \"synthetic\" and vector ~ \"^spear\" | count"), "right"),
            // A digest edited to match a wrong answer changes nothing: the key is the course's.
            ("hana", Self.answered(exercise, Self.wrong).replacingOccurrences(of: "#? 1 ", with: "#? 1 0|"), "wrong"),
            ("ivan", Self.answered(exercise, sneaky), "right"),
            ("jun", Self.answered(exercise, "incidents | where provenance == \"synthetic\" | count by vector | where vector ~ \"^spear\" | summarize n = sum(count)"), "right"),
        ]
        for answer in answers {
            try answer.text.write(toFile: submissions + "/\(answer.student).kagami", atomically: true, encoding: .utf8)
        }
        let graded = try BuiltProgram.run(
            ["grade", "submissions", "--exercise", "3", "--report", "grades.csv"], in: folder)
        #expect(graded.status == 0, "\(graded.error)")
        #expect(graded.output.contains("aiko     1 of 1 right"))
        #expect(graded.output.contains("wrote 10 grades to grades.csv"))
        let rows = CSVRows.parse(try String(contentsOfFile: folder + "/grades.csv", encoding: .utf8))
        #expect(rows.first == ["student", "task", "result", "detail"])
        let results = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0[2]) })
        for answer in answers { #expect(results[answer.student] == answer.result, "\(answer.student)") }
        #expect(rows.first { $0[0] == "dana" }?[3].contains("unknown stage `wher`") == true)
        // The sneaky submission read nothing outside its folder and wrote nothing anywhere.
        #expect(!FileManager.default.fileExists(atPath: folder + "/escaped.kagami"))
        #expect(!FileManager.default.fileExists(atPath: (folder as NSString).deletingLastPathComponent + "/escaped.kagami"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["grades.csv", "submissions"])
    }
}
