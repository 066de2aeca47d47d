import IncidentGraph
import QuerySyntax

/// The places of the values of a built-in that a node's provenance record decides — `kind`,
/// `provenance`, `status`, `sources` (``NodeProvenances``) — in the order the general sort gives
/// values: a sort by it (`sort status`, `top 5 by provenance`) compares whole numbers, each
/// record's value placed once, not a value per row.
struct RecordPlaces {
    let records: NodeProvenances
    /// The place of each record's value (equal values, equal places), nil for null.
    let places: [Int64?]

    /// The places of `name`'s values when the rows read it as such a built-in; nil otherwise.
    init?(_ expression: Expression, _ compiler: ExpressionCompiler) {
        guard case .name(let name) = expression.kind, compiler.readsRecordField(name) else { return nil }
        records = compiler.graph.provenances()
        places = QueryRunner.places(of: records.values(of: name, in: compiler.graph))
    }

    /// The place of the value of each of `nodes` (-1: a row without a node), nil where there is
    /// none.
    func keys(of nodes: [Int32]) -> [Int64?] {
        records.withNumbers { numbers in nodes.map { $0 >= 0 ? places[Int(numbers[Int($0)])] : nil } }
    }
}

extension NodeProvenances {
    /// Each record's value of `name` (`kind`, `provenance`, `status` or `sources`), read on
    /// the first node that has the record; null for a record no node keeps.
    func values(of name: String, in graph: IncidentGraph) -> [Value] {
        firstNodes.map { node in node < 0 ? .null : graph.value(name, of: NodeID(index: Int(node))) }
    }
}
