import IncidentGraph
import PluginAPI
import QuerySyntax

/// The last result shown, for `:last`, `why` and evidence: its table of every row, made when
/// first asked for when showing it made only the rows shown (a million incidents are shown
/// fifty at a time).
final class LastResult {
    /// What a row is (`incident`, `incidents`).
    let noun: (singular: String, plural: String)
    /// The table's columns (those of every row, whichever rows were made).
    let columns: [String]
    private let rows: RowSet
    private let graph: IncidentGraph
    private let detail: ResultTables.ProvenanceDetail
    private var whole: Table?

    /// The result of `rows`, shown as `shown`: the table of every row or of the first ones
    /// (`wholeShown` says which).
    init(
        rows: RowSet, in graph: IncidentGraph, detail: ResultTables.ProvenanceDetail, shown: Table, wholeShown: Bool,
        noun: (singular: String, plural: String)
    ) {
        (self.rows, self.graph, self.detail, self.noun) = (rows, graph, detail, noun)
        (columns, whole) = (shown.columns, wholeShown ? shown : nil)
    }

    /// The table of every row.
    func table(cancellation: CancellationCheck) throws(Diagnostic) -> Table {
        if let whole { return whole }
        let made = try ResultTables.table(rows, in: graph, provenance: detail, cancellation: cancellation).table
        whole = made
        return made
    }
}
