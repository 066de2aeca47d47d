import PluginAPI
import QuerySyntax

/// How a student's answer to an exercise task fared.
public enum TaskVerdict: Sendable, Equatable {
    /// The result holds the expected facts.
    case right
    /// The result differs; what its shape says against the expected one (never the answer).
    case wrong(feedback: String)
    /// The statement failed: its error, with caret and hint.
    case failed(error: String)
    /// The answer is not a query over the data (a bare value, a command).
    case notAQuery
    /// Nothing was written under the task.
    case unanswered

    /// Whether the answer is right.
    public var isRight: Bool { self == .right }

    /// One word for a report: right, wrong, error, not a query, unanswered.
    public var word: String {
        switch self {
        case .right: "right"
        case .wrong: "wrong"
        case .failed: "error"
        case .notAQuery: "not a query"
        case .unanswered: "unanswered"
        }
    }
}

extension Workspace {
    /// Grades `statement` as the answer to `task`: it must be a query over the data, run
    /// without error, and give the facts the task expects (``AnswerTable``: node or name,
    /// any case, any order of rows and columns; columns that repeat one value on every row
    /// may be added).
    public func grade(_ statement: String, against task: Exercise.Task) -> TaskVerdict {
        let (answer, error) = answerTable(statement)
        guard let table = answer else { return error.map { .failed(error: $0) } ?? .notAQuery }
        let width = Int(task.shape.split(separator: ":").first?.split(separator: "x").last ?? "") ?? table.columns.count
        let candidates = [table] + table.narrowed(to: width)
        let digests = candidates.map { $0.digest(salt: task.digestSalt, ordered: task.ordered) }
        if digests.contains(where: task.digests.contains) { return .right }
        return .wrong(feedback: Self.feedback(table, expected: task.shape, ordered: task.ordered))
    }

    /// A statement's result as an exercise grades it; nil with the rendered error when it
    /// fails, nil and nil when it is not a query over the data.
    func answerTable(_ statement: String) -> (AnswerTable?, error: String?) {
        if CommandInvocation(statement) != nil { return (nil, nil) }
        if let parsed = Parser.parse(statement).statement {
            guard case .query = parsed.kind else { return (nil, nil) }
        }
        lastResult = nil
        let outcome = execute(statement, as: .csv)
        if let error = outcome.error { return (nil, error) }
        do {
            let table = try lastResult?.table(cancellation: cancellation)
            return (
                AnswerTable(table ?? Table(columns: ["value"], rows: [[.string(outcome.output)]]), in: document.graph),
                nil
            )
        } catch {
            return (nil, error.message)
        }
    }

    /// What differs between a result's shape and the expected one, in a student's words.
    static func feedback(_ table: AnswerTable, expected shape: String, ordered: Bool) -> String {
        let parts = shape.split(separator: ":", maxSplits: 1)
        let size = parts.first?.split(separator: "x").compactMap { Int($0) } ?? []
        guard size.count == 2 else { return "the result is not the expected one" }
        let kinds = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
        func rows(_ count: Int) -> String { "\(count) row\(count == 1 ? "" : "s")" }
        func columns(_ count: Int) -> String { "\(count) column\(count == 1 ? "" : "s")" }
        if table.rowCount != size[0] {
            return "your result has \(rows(table.rowCount)); the expected one has \(size[0])"
        }
        if table.columns.count != size[1] {
            return "your result has \(columns(table.columns.count)); the expected one has \(size[1])"
        }
        if table.kinds.sorted() != kinds {
            return "your columns hold \(table.kinds.sorted().joined(separator: ", ")); "
                + "the expected ones hold \(kinds.joined(separator: ", "))"
        }
        return "the shape is right (\(rows(size[0])), \(columns(size[1]))) but some values differ"
            + (ordered ? ", or their order: this task asks for the rows in order" : "")
    }
}
