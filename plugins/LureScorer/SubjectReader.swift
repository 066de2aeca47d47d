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

    /// The node whose properties give row `index`'s subject (the lure itself, an incident's
    /// lure, the row's node); nil when the subject is in a column or the row has no node. Rows
    /// read from one node within a stage have the same subject.
    func subjectNode(of index: Int) -> NodeID? {
        guard column == nil, let node = rows.rows[index].node else { return nil }
        guard name == nil, graph.kindName(of: node) == "incident" else { return node }
        return graph.firstNeighbour(of: node, direction: .out, label: "used_lure")
    }

    /// The subject and attachment of row `index`, whose subject node (``subjectNode(of:)``) is
    /// `node`; nil when it has no subject.
    func subject(of index: Int, node: NodeID?) -> (subject: String, attachment: String?)? {
        if let column {
            let row = rows.rows[index]
            guard case .string(let text) = row.values[column] else { return nil }
            return (text, attachmentColumn.flatMap { row.values[$0].stringValue })
        }
        guard let node else { return nil }
        if let name { return graph.value(name, of: node).stringValue.map { ($0, nil) } }
        // A lure (the row's own, or its incident's) gives its subject and attachment; a node
        // of another kind its `subject`.
        guard graph.kindName(of: node) == "lure" || rows.rows[index].node != node else {
            return graph.value("subject", of: node).stringValue.map { ($0, nil) }
        }
        // A lure's own subject. `subject_en` is not read in its place: on a lure without a
        // subject it describes the subjects ("subjects about the new coronavirus"), and scoring a
        // description as if it were the mail would be a score of nothing anyone received.
        guard let subject = graph.value("subject", of: node).stringValue else { return nil }
        return (subject, graph.value("attachment", of: node).stringValue)
    }
}
