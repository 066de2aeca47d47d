import Foundation

/// Replays a session and compares each statement's output with the one recorded under it.
public struct SessionCheck {
    /// A statement whose output differs (or that failed).
    public struct Mismatch: Sendable {
        /// 1-based line of the statement in the file.
        public let line: Int
        /// The statement.
        public let statement: String
        /// The lines recorded and the lines produced now, as a line diff (`-` recorded, `+` now).
        public let diff: [String]
        /// Whether the statement failed (its error is what it produced now).
        public let failed: Bool
    }

    /// The statements that did not give their recorded output.
    public private(set) var mismatches: [Mismatch] = []
    /// The session with every output as produced now (what `--accept` writes).
    public private(set) var accepted: SessionFile
    /// Statements replayed.
    public private(set) var statements = 0
    /// The exercise tasks met (`#? N …` lines), by number, each with how the statement under
    /// it fared.
    public private(set) var tasks: [(task: Exercise.Task, verdict: TaskVerdict)] = []

    /// Replays `session` in `workspace`. A file without recorded outputs only has to run.
    /// With an `answerKey` (a teacher's copy of the exercise), a task is graded against the
    /// key's digests, not those in the student's file, and a task the file left out counts as
    /// unanswered.
    public init(_ session: SessionFile, in workspace: Workspace, answerKey: [Int: Exercise.Task]? = nil) {
        func keyed(_ line: String) -> Exercise.Task? {
            guard let stated = Exercise.task(in: line) else { return nil }
            guard let answerKey else { return stated }
            return answerKey[stated.number]
        }
        accepted = session
        accepted.recordsOutputs = true
        for (index, entry) in session.entries.enumerated() {
            // Tasks stated before a statement: the last is answered by it, any others are not.
            let stated = (index == 0 ? session.header : entry.leading).compactMap(keyed)
            tasks += stated.dropLast().map { ($0, .unanswered) }
            if let task = stated.last {
                // An answer is graded on its rows, not compared with recorded output.
                tasks.append((task, workspace.grade(entry.statement, against: task)))
                statements += 1
                accepted.entries[index].recorded = []
                continue
            }
            let outcome = workspace.execute(entry.statement)
            statements += 1
            let actual = SessionFile.lines(of: outcome.transcript)
            accepted.entries[index].recorded = actual
            // A rating is accepted pinned to the evidence result it was made against.
            if let recordedAs = outcome.recordedAs { accepted.entries[index].statement = recordedAs }
            // A failure is a difference unless its error is what was recorded (`check --accept
            // --allow-errors`: a transcript of what errors look like).
            if session.recordsOutputs ? actual != entry.recorded : !outcome.succeeded {
                mismatches.append(
                    Mismatch(
                        line: entry.line, statement: entry.statement, diff: Self.diff(entry.recorded, actual),
                        failed: !outcome.succeeded))
            }
            if outcome.quits { break }
        }
        if session.entries.isEmpty { tasks += session.header.compactMap(keyed).map { ($0, .unanswered) } }
        tasks += session.trailing.compactMap(keyed).map { ($0, .unanswered) }
        let met = Set(tasks.map(\.task.number))
        tasks += (answerKey ?? [:]).values.filter { !met.contains($0.number) }.map { ($0, .unanswered) }
        tasks.sort { $0.task.number < $1.task.number }
    }

    /// A line diff by longest common subsequence: common lines with `  `, removed `- `, added `+ `.
    static func diff(_ old: [String], _ new: [String]) -> [String] {
        guard old.count * new.count <= 4_000_000 else {
            return old.map { "- " + $0 } + new.map { "+ " + $0 }
        }
        var lengths = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var lines: [String] = []
        var (i, j) = (0, 0)
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                lines.append("  " + old[i])
                (i, j) = (i + 1, j + 1)
            } else if i < old.count, j == new.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                lines.append("- " + old[i])
                i += 1
            } else {
                lines.append("+ " + new[j])
                j += 1
            }
        }
        return lines
    }
}
