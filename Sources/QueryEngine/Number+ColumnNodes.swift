import IncidentGraph
import PluginAPI
import QuerySyntax

extension Number {
    /// A stored property of the nodes a `match` variable's column holds, or a link chain from
    /// it reaches (`i.files_exfiltrated`, `o.sector.employees`), while the matches are not made
    /// into rows: the property's reader and its numbers on those nodes, by row; nil for any
    /// other expression or rows, and for a property not of one of `types`.
    static func columnMember(
        _ expression: Expression, _ input: RowSet, _ compiler: ExpressionCompiler, types: [ValueType]
    ) -> (reader: PropertyReader, number: Number)? {
        guard case .member(let base, let name) = expression.kind,
            expression.dottedName.map(input.columns.contains) != true,
            let reader = compiler.directProperty(name), types.contains(reader.type),
            let nodes = GroupAssignment.columnNodes(base, input, compiler)
        else { return nil }
        return (reader, .onColumnNodes(nodes, .column(reader)))
    }
}
