/// How a table is best drawn in the terminal. The rows stay the data (`:mode csv` writes
/// them); the table renderer draws the chart instead of the table.
public enum Chart: Sendable, Equatable {
    /// Horizontal bars: one per row, labelled by one column and as long as another's number.
    case bars(label: Int, value: Int)
    /// A grid of shaded cells: rows keyed by one column, columns by another, shaded by a
    /// third's number (hour × weekday).
    case grid(row: Int, column: Int, value: Int)
}
