/// Each group's whole numbers side by side in one array, with room made beforehand for every
/// row of its group (``GroupAssignment/rowsPerGroup(_:groups:)``): group `g`'s numbers lie from
/// its start up to its end. Adding a number stores it and moves its group's end, with no array
/// grown, nor checked unshared, for each number.
struct GroupNumbers {
    private var numbers: [Int64]
    private let starts: [Int]
    private var ends: [Int]

    /// Room for `rows[g]` numbers in group `g`.
    init(rowsPerGroup rows: [Int]) {
        var starts: [Int] = []
        starts.reserveCapacity(rows.count)
        var total = 0
        for count in rows {
            starts.append(total)
            total += count
        }
        self.starts = starts
        ends = starts
        numbers = [Int64](repeating: 0, count: total)
    }

    /// The numbers of `group`, in the order they were added.
    subscript(group: Int) -> ArraySlice<Int64> { numbers[starts[group]..<ends[group]] }

    /// How many numbers were added in all.
    var count: Int { zip(starts, ends).reduce(0) { $0 + $1.1 - $1.0 } }

    /// Adds `number` to `group`, which has room left.
    mutating func add(_ number: Int64, to group: Int) {
        numbers[ends[group]] = number
        ends[group] += 1
    }

    /// Calls `body` with a function that adds a number to a group, the arrays held in place for
    /// a run of numbers; a group is given at most as
    /// many numbers as it has room for (one for each of its rows).
    @inline(__always)
    mutating func fill(_ body: (_ add: (_ group: Int, _ number: Int64) -> Void) -> Void) {
        numbers.withUnsafeMutableBufferPointer { numbers in
            ends.withUnsafeMutableBufferPointer { ends in
                body { group, number in
                    numbers[ends[group]] = number
                    ends[group] += 1
                }
            }
        }
    }
}
