/// How results are written: an aligned table, or a machine-readable format.
public enum ResultFormat: String, Sendable, CaseIterable {
    /// Aligned columns that fit the terminal.
    case table
    /// One block of `name  value` lines per row, for wide rows (psql's expanded display).
    case line
    /// One JSON array of objects.
    case json
    /// One JSON object per line.
    case jsonl
    /// RFC 4180 comma-separated values with a header row.
    case csv
}
