import PluginAPI

/// The subject (and attachment name) of each row: a lure's subject, an incident's lure, a
/// `subject` column, or the column or property named with `on NAME`.
struct SubjectReader {
    private let graph: IncidentGraph
    private let rows: RowSet
    private let name: String?
    private let column: Int?
    private let attachmentColumn: Int?

    init(_ call: StageCall) throws(PluginError) {
        graph = call.graph
        rows = call.rows
        switch call.optionWords {
        case []: name = nil
        case let words where words.count == 2 && words[0] == "on": name = words[1]
        default:
            throw PluginError(
                "expected `on COLUMN` after `score lures`, found `\(call.optionWords.joined(separator: " "))`",
                hint: "score lures on subject")
        }
        column = rows.columns.firstIndex(of: name ?? "subject")
        attachmentColumn = rows.columns.firstIndex(of: "attachment")
        guard column != nil || rows.carriesNodes else {
            throw PluginError(
                "the rows have no `\(name ?? "subject")` column to score", hint: "score lures on COLUMN")
        }
    }

    /// The subject and attachment of row `index`; nil when it has no subject.
    func subject(of index: Int) -> (subject: String, attachment: String?)? {
        let row = rows.rows[index]
        if let column {
            guard case .string(let text) = row.values[column] else { return nil }
            return (text, attachmentColumn.flatMap { row.values[$0].stringValue })
        }
        guard let node = row.node else { return nil }
        if let name { return graph.value(name, of: node).stringValue.map { ($0, nil) } }
        switch graph.kindName(of: node) {
        case "lure": return lure(node)
        case "incident":
            return graph.firstNeighbour(of: node, direction: .out, label: "used_lure").flatMap(lure)
        default:
            return graph.value("subject", of: node).stringValue.map { ($0, nil) }
        }
    }

    /// A lure's own subject. `subject_en` is not read in its place: on a lure without a
    /// subject it describes the subjects ("subjects about the new coronavirus"), and scoring a
    /// description as if it were the mail would be a score of nothing anyone received.
    private func lure(_ node: NodeID) -> (String, String?)? {
        guard let subject = graph.value("subject", of: node).stringValue else { return nil }
        return (subject, graph.value("attachment", of: node).stringValue)
    }
}
