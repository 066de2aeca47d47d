import IncidentGraph

/// A result table: named columns and rows of values, the common currency of stages and renderers.
public struct Table: Sendable {
    /// Column names, in order.
    public let columns: [String]
    /// Rows; each has one value per column.
    public let rows: [[Value]]

    /// A table; rows shorter than the column list are padded with `null`.
    public init(columns: [String], rows: [[Value]]) {
        self.columns = columns
        self.rows = rows.map { row in
            row.count >= columns.count
                ? Array(row.prefix(columns.count)) : row + Array(repeating: .null, count: columns.count - row.count)
        }
    }
}
