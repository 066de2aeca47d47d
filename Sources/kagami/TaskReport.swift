import Workbench

/// How `kagami check` and `kagami grade` tell a student how each task went.
enum TaskReport {
    /// A line per task (an error indented under it), then `tasks: 3 of 5 right`.
    static func lines(_ tasks: [(task: Exercise.Task, verdict: TaskVerdict)], file: String) -> [String] {
        var lines: [String] = []
        for (task, verdict) in tasks {
            let hint = task.hint.isEmpty ? "" : " — hint: \(task.hint)"
            let head = "\(file): task \(task.number): "
            switch verdict {
            case .right: lines.append(head + "right")
            case .wrong(let feedback): lines.append(head + "not yet right: \(feedback)\(hint)")
            case .failed(let error):
                lines.append(head + "the statement failed:")
                lines += error.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            case .notAQuery:
                lines.append(
                    head + "not a query over the data: start from a source (incidents, @id, a kind) and let the "
                        + "result show the answer\(hint)")
            case .unanswered: lines.append(head + "not answered")
            }
        }
        let right = tasks.filter { $0.verdict.isRight }.count
        lines.append("\(file): tasks: \(right) of \(tasks.count) right")
        return lines
    }
}
