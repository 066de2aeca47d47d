/// The texts of a `string` column, by row: each row's text or nil, with the rows after the last
/// text kept as a count. Rows imported from a file into a kind fill only the properties mapped,
/// so the others (a million incidents' names and summaries) cost nothing instead of 16 bytes a
/// row.
struct TextValues: RandomAccessCollection, Sendable {
    /// The rows up to the last one with a text.
    private var stored: [String?] = []
    /// The rows after them, with none.
    private var trailingNulls = 0

    init() {}

    /// The texts of rows as stored (from a snapshot).
    init(_ texts: [String?]) {
        stored = texts
    }

    var startIndex: Int { 0 }
    var endIndex: Int { stored.count + trailingNulls }

    subscript(row: Int) -> String? {
        row < stored.count ? stored[row] : nil
    }

    mutating func append(_ text: String) {
        storeTrailingNulls()
        stored.append(text)
    }

    mutating func appendNull() {
        trailingNulls += 1
    }

    /// Makes room for `rows` rows of text in all.
    mutating func reserveCapacity(_ rows: Int) {
        stored.reserveCapacity(rows)
    }

    /// Appends another column's rows, moving its texts out and leaving it empty: no text is
    /// copied and then let go one by one, as appending a copy of them would.
    mutating func append(moving other: inout TextValues) {
        guard !other.stored.isEmpty else {
            trailingNulls += other.trailingNulls
            other = TextValues()
            return
        }
        storeTrailingNulls()
        stored.append(contentsOf: repeatElement(nil, count: other.stored.count))
        stored.withUnsafeMutableBufferPointer { rows in
            var row = rows.count
            // Each text is moved out of the other column's last row, into its place here.
            while let text = other.stored.popLast() {
                row -= 1
                rows[row] = text
            }
        }
        trailingNulls = other.trailingNulls
        other = TextValues()
    }

    /// Stores the rows with no text before one with a text is appended.
    private mutating func storeTrailingNulls() {
        guard trailingNulls > 0 else { return }
        stored.append(contentsOf: repeatElement(nil, count: trailingNulls))
        trailingNulls = 0
    }
}
