import Foundation
import IncidentGraph

/// Teaching exercises: session files whose tasks (`# task N: …` comments) carry the expected
/// answer as a digest (`#? N DIGEST hint`), so students cannot read it off. A student writes a
/// statement under each task; `kagami check` grades it by the digest of its result, as a set of
/// rows, so the order of rows and the names of columns do not matter.
public enum Exercise {
    /// A graded task: its number, the digest of the right result, the hint for a wrong one.
    public struct Task: Sendable, Equatable {
        /// Its number in the file.
        public let number: Int
        /// The digest of the right result (``digest(ofCSV:)``).
        public let digest: String
        /// What to tell a student whose answer is not yet right.
        public let hint: String
    }

    /// The task a `#? N DIGEST hint…` line states, if `line` is one.
    public static func task(in line: String) -> Task? {
        guard line.hasPrefix("#? ") else { return nil }
        let parts = line.dropFirst(3).split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, let number = Int(parts[0]) else { return nil }
        return Task(number: number, digest: parts[1], hint: parts.count > 2 ? parts[2] : "")
    }

    /// The digest of a result given as CSV: its rows without the header, each row's cells
    /// sorted and then the rows sorted, hashed (FNV-1a, 64 bits) — so neither the order of rows
    /// nor of columns, nor their names, changes it. A single value is a one-row result.
    public static func digest(ofCSV csv: String) -> String {
        var lines = SessionFile.lines(of: csv)
        if lines.count > 1 { lines.removeFirst() }
        lines = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).sorted().joined(separator: ",") }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in lines.sorted().joined(separator: "\n").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// An exercise file from a solved session: every statement under a `# task N:` comment is
    /// replaced by the digest of its result (computed in `workspace`) and an empty line for the
    /// student's answer; other statements (set-up such as `let`) stay.
    public static func make(fromSolved solved: SessionFile, in workspace: Workspace) throws -> String {
        var lines = solved.entries.isEmpty ? solved.header : []
        for (index, entry) in solved.entries.enumerated() {
            let leading = index == 0 ? solved.header : entry.leading
            let taskLine = leading.last { $0.hasPrefix("# task ") }
            let hint = leading.first { $0.hasPrefix("# hint: ") }.map { String($0.dropFirst(8)) } ?? ""
            lines += leading.filter { !$0.hasPrefix("# hint: ") }
            let outcome = workspace.execute(entry.statement, as: .csv)
            if let error = outcome.error { throw ExerciseError.solutionFails(entry.statement, error) }
            guard let taskLine, let number = Int(taskLine.dropFirst(7).prefix { $0.isNumber }) else {
                lines.append(entry.statement)
                continue
            }
            lines.append("#? \(number) \(digest(ofCSV: outcome.output)) \(hint)".trimmingCharacters(in: .whitespaces))
        }
        return (lines + solved.trailing).joined(separator: "\n") + "\n"
    }

    /// Exercise `number` (1-based, in name order) of `folder`, as students see it: its path and
    /// its text without the `#?` digests; nil when there is no such exercise.
    public static func shown(_ number: Int, in folder: String) -> (path: String, text: String)? {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".kagami") }.sorted()
        guard files.indices.contains(number - 1) else { return nil }
        let path = folder + "/" + files[number - 1]
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#? ") }
        return (path, lines.joined(separator: "\n"))
    }

    /// How many exercises `folder` holds.
    public static func count(in folder: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".kagami") }.count
    }

    /// Why an exercise could not be made.
    public enum ExerciseError: Error, CustomStringConvertible {
        /// A statement of the solution fails.
        case solutionFails(String, String)

        /// The message.
        public var description: String {
            switch self {
            case .solutionFails(let statement, let error): "the solution `\(statement)` fails:\n\(error)"
            }
        }
    }
}
