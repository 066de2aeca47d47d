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

    /// Builds the index from one column of instants.
    init(instants: IntegerValues) {
        let timed: [(Int32, Int64)] = (0..<instants.count).compactMap { row in
            instants[row].map { time in (Int32(row), time) }
        }
        .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        rows = timed.map(\.0)
        times = timed.map(\.1)
    }

    /// Number of rows with a time.
    public var count: Int { rows.count }

    /// Rows (of the kind's table) whose time is within the range, in time order.
    func rows(in range: ClosedRange<Instant>) -> ArraySlice<Int32> {
        let start = firstPosition { $0 >= range.lowerBound.millisecondsSinceEpoch }
        let end = firstPosition { $0 > range.upperBound.millisecondsSinceEpoch }
        return rows[start..<max(start, end)]
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
