/// The rows of one kind sorted by their time property, for date-range queries.
///
/// Rows without a time are left out; a range lookup is two binary searches.
public struct TimeIndex: Sendable {
    /// Rows in ascending time order.
    let rows: [Int32]
    /// The time of each entry of `rows`.
    let times: [Int64]

    /// An index as stored (in a snapshot).
    init(rows: [Int32], times: [Int64]) {
        self.rows = rows
        self.times = times
    }

    /// Builds the index from one column of instants, rows of equal time in row order. Rows
    /// already in time order (files are usually written so) are taken as they are, in one pass;
    /// others are sorted.
    init(instants: IntegerValues) {
        var rows: [Int32] = []
        var times: [Int64] = []
        var inOrder = true
        instants.withStored { stored in
            rows.reserveCapacity(stored.numbers.count)
            times.reserveCapacity(stored.numbers.count)
            for row in stored.numbers.indices where stored.present[row] != 0 {
                let time = stored.numbers[row]
                if let last = times.last, time < last { inOrder = false }
                rows.append(Int32(row))
                times.append(time)
            }
        }
        if !inOrder {
            var timed = zip(times, rows).map { (time: $0, row: $1) }
            timed.sort { $0.time != $1.time ? $0.time < $1.time : $0.row < $1.row }
            for (position, entry) in timed.enumerated() {
                (times[position], rows[position]) = (entry.time, entry.row)
            }
        }
        self.rows = rows
        self.times = times
    }

    /// Number of rows with a time.
    public var count: Int { rows.count }

    /// The earliest and the latest time indexed; nil when no row has a time.
    public var span: ClosedRange<Instant>? {
        guard let first = times.first, let last = times.last else { return nil }
        return Instant(millisecondsSinceEpoch: first)...Instant(millisecondsSinceEpoch: last)
    }

    /// Rows (of the kind's table) whose time is within the range, in time order.
    func rows(in range: ClosedRange<Instant>) -> ArraySlice<Int32> {
        let start = firstPosition { $0 >= range.lowerBound.millisecondsSinceEpoch }
        let end = firstPosition { $0 > range.upperBound.millisecondsSinceEpoch }
        return rows[start..<max(start, end)]
    }

    /// The first `limit` rows whose time is within `range` (every row with a time when there is
    /// none) in the order a stable sort by time puts them: ascending, or descending with rows of
    /// equal time still in row order.
    func rows(inTimeOrder range: ClosedRange<Instant>?, descending: Bool, first limit: Int) -> [Int32] {
        let entries = range.map(rows(in:)) ?? rows[...]
        guard descending else { return Array(entries.prefix(limit)) }
        var picked: [Int32] = []
        picked.reserveCapacity(min(limit, entries.count))
        var end = entries.endIndex
        while end > entries.startIndex, picked.count < limit {
            var start = end - 1
            while start > entries.startIndex, times[start - 1] == times[end - 1] { start -= 1 }
            picked += entries[start..<end].prefix(limit - picked.count)
            end = start
        }
        return picked
    }

    private func firstPosition(where predicate: (Int64) -> Bool) -> Int {
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(times[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
