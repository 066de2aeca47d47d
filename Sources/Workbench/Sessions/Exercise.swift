import Foundation
import IncidentGraph

/// Teaching exercises: session files whose tasks (`# task N: …` comments) carry the expected
/// answer as a salted digest and its shape (`#? N DIGEST salt=… shape=… hint`), so students
/// cannot read it off. A student writes a statement under each task; `kagami check` grades it
/// (``Workspace/grade(_:against:)``) on what its result says, not how it is laid out.
public enum Exercise {
    /// A graded task, as its `#?` line states it.
    public struct Task: Sendable, Equatable {
        /// Its number in the file.
        public let number: Int
        /// The digests of the accepted results: the solution's and the alternatives a teacher
        /// declared (`# also task N`).
        public let digests: [String]
        /// The exercise's own salt; with the task's number it salts the digests, so that one
        /// answer has a different digest in each exercise and in each task.
        public let salt: String
        /// The expected result's shape (`3x2:number,text`), for feedback on a wrong one.
        public let shape: String
        /// Whether the order of rows is part of the answer (a ranking).
        public let ordered: Bool
        /// What to tell a student whose answer is not yet right.
        public let hint: String

        /// What the digests of this task's answers are salted with.
        var digestSalt: String { Self.digestSalt(salt, task: number) }

        /// What the digests of task `number`'s answers are salted with, in an exercise salted `salt`.
        static func digestSalt(_ salt: String, task number: Int) -> String { salt + "/" + String(number) }

        /// The `#?` line.
        var line: String {
            (["#?", String(number), digests.joined(separator: "|"), "salt=" + salt, "shape=" + shape]
                + (ordered ? ["ordered"] : []) + (hint.isEmpty ? [] : [hint])).joined(separator: " ")
        }
    }

    /// The task a `#? N DIGEST[|DIGEST…] salt=S shape=RxC:kinds [ordered] hint…` line states.
    public static func task(in line: String) -> Task? {
        guard line.hasPrefix("#? ") else { return nil }
        var words = line.dropFirst(3).split(separator: " ", omittingEmptySubsequences: false).map(String.init)[...]
        guard words.count >= 2, let number = Int(words.removeFirst()) else { return nil }
        let digests = words.removeFirst().split(separator: "|").map(String.init)
        var (salt, shape, ordered) = ("", "", false)
        while let word = words.first {
            if word.hasPrefix("salt=") {
                salt = String(word.dropFirst(5))
            } else if word.hasPrefix("shape=") {
                shape = String(word.dropFirst(6))
            } else if word == "ordered" {
                ordered = true
            } else {
                break
            }
            words.removeFirst()
        }
        return Task(
            number: number, digests: digests, salt: salt, shape: shape, ordered: ordered,
            hint: words.joined(separator: " "))
    }

    /// An exercise file from a solved session: every statement under a `# task N:` comment is
    /// replaced by the task's `#?` line (the digest of its result, computed in `workspace`),
    /// under which the student writes; a statement under `# also task N` adds another accepted
    /// answer to task N; `# ordered` among a task's comments makes the order of rows count.
    /// Other statements (set-up such as `let`) stay. The salt comes from the header comments
    /// (title and description).
    public static func make(fromSolved solved: SessionFile, in workspace: Workspace) throws -> String {
        let salt = String(AnswerTable.fnv(solved.header.filter { $0.hasPrefix("#") }.joined(separator: "\n")).prefix(8))
        var lines = solved.entries.isEmpty ? solved.header : []
        var tasks: [(task: Task, line: Int)] = []
        for (index, entry) in solved.entries.enumerated() {
            let leading = index == 0 ? solved.header : entry.leading
            let also = leading.last { $0.hasPrefix("# also task ") }.flatMap { Int($0.dropFirst(12).prefix { $0.isNumber }) }
            let number = leading.last { $0.hasPrefix("# task ") }.flatMap { Int($0.dropFirst(7).prefix { $0.isNumber }) }
            guard also != nil || number != nil else {
                let outcome = workspace.execute(entry.statement)
                if let error = outcome.error { throw ExerciseError.solutionFails(entry.statement, error) }
                lines += leading
                lines.append(entry.statement)
                continue
            }
            let (answer, error) = workspace.answerTable(entry.statement)
            guard let table = answer else { throw ExerciseError.solutionFails(entry.statement, error ?? "") }
            if let also, let place = tasks.lastIndex(where: { $0.task.number == also }) {
                let task = tasks[place].task
                let digest = table.digest(salt: task.digestSalt, ordered: task.ordered)
                tasks[place].task = Task(
                    number: also, digests: task.digests + (task.digests.contains(digest) ? [] : [digest]),
                    salt: salt, shape: task.shape, ordered: task.ordered, hint: task.hint)
                lines += leading.filter { !$0.hasPrefix("# also task ") }
                continue
            }
            guard let number else { throw ExerciseError.alsoWithoutTask(entry.statement) }
            let hint = leading.first { $0.hasPrefix("# hint: ") }.map { String($0.dropFirst(8)) } ?? ""
            let ordered = leading.contains("# ordered")
            lines += leading.filter { !$0.hasPrefix("# hint: ") && $0 != "# ordered" }
            let task = Task(
                number: number, digests: [table.digest(salt: Task.digestSalt(salt, task: number), ordered: ordered)],
                salt: salt, shape: table.shape, ordered: ordered, hint: hint)
            tasks.append((task, lines.count))
            lines.append("")
        }
        for (task, line) in tasks { lines[line] = task.line }
        return (lines + solved.trailing).joined(separator: "\n") + "\n"
    }

    /// The exercises of `folder`, in name order (exercise 1 is the first).
    public static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".kagami") }
            .sorted().map { folder + "/" + $0 }
    }

    /// Exercise `number` (1-based, in name order) of `folder`: the file a student fills in, with
    /// its `#?` lines (the digests give nothing away); nil when there is no such exercise.
    public static func text(_ number: Int, in folder: String) -> String? {
        let files = files(in: folder)
        guard files.indices.contains(number - 1) else { return nil }
        return try? String(contentsOfFile: files[number - 1], encoding: .utf8)
    }

    /// The tasks an exercise file states, by number.
    public static func tasks(in session: SessionFile) -> [Int: Task] {
        let lines = session.header + session.entries.flatMap(\.leading) + session.trailing
        return Dictionary(lines.compactMap(task).map { ($0.number, $0) }) { first, _ in first }
    }

    /// Why an exercise could not be made.
    public enum ExerciseError: Error, CustomStringConvertible {
        /// A statement of the solution fails.
        case solutionFails(String, String)
        /// An alternative answer (`# also task N`) comes before task N's own.
        case alsoWithoutTask(String)

        /// The message.
        public var description: String {
            switch self {
            case .solutionFails(let statement, let error): "the solution `\(statement)` fails:\n\(error)"
            case .alsoWithoutTask(let statement):
                "`\(statement)` is marked `# also task N`, but task N has no answer before it"
            }
        }
    }
}
