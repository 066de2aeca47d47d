/// `median` and `distinct_count` of whole numbers (an `int` property, a link's node numbers)
/// without sorting them all or hashing each one.
enum NumberStatistics {
    /// The middle one of `numbers` in order, or the mean of the two middle ones for an even
    /// count, as a decimal; nil for none.
    static func median(_ numbers: some Collection<Int64>) -> Double? {
        guard !numbers.isEmpty else { return nil }
        var numbers = Array(numbers)
        let middle = numbers.count / 2
        let upper = select(middle, in: &numbers)
        guard numbers.count % 2 == 0 else { return Double(upper) }
        // Every number before the middle one is now no larger than it: the greatest of them
        // is the one before it in order.
        let lower = numbers[..<middle].max() ?? upper
        return (Double(lower) + Double(upper)) / 2
    }

    /// The number that would be at `k` were `numbers` in the order `before` gives (ascending
    /// unless told), moved there, with none that comes after it before it and none that comes
    /// before it after it (Hoare's selection, in time proportional to their count). A range that
    /// does not shrink quickly enough is sorted instead, so that no order of the numbers takes
    /// quadratic time. Inlined where it is called, so that `before` is not a call per
    /// comparison, and the numbers compared in place.
    @inline(__always)
    static func select(_ k: Int, in numbers: inout [Int64], by before: (Int64, Int64) -> Bool = (<)) -> Int64 {
        numbers.withUnsafeMutableBufferPointer { numbers in
            var (low, high) = (0, numbers.count - 1)
            var rounds = 2 * (Int.bitWidth - numbers.count.leadingZeroBitCount) + 8
            while low < high {
                guard rounds > 0 else {
                    var range = UnsafeMutableBufferPointer(rebasing: numbers[low...high])
                    range.sort(by: before)
                    break
                }
                rounds -= 1
                // The middle one of the first, middle and last numbers of the range.
                let (a, b, c) = (numbers[low], numbers[(low + high) / 2], numbers[high])
                let pivot =
                    before(a, b)
                    ? (before(b, c) ? b : before(a, c) ? c : a) : (before(a, c) ? a : before(b, c) ? c : b)
                var (i, j) = (low, high)
                while i <= j {
                    while before(numbers[i], pivot) { i += 1 }
                    while before(pivot, numbers[j]) { j -= 1 }
                    if i <= j {
                        numbers.swapAt(i, j)
                        (i, j) = (i + 1, j - 1)
                    }
                }
                // Now none of low...j comes after the pivot, none of i...high before it, and the
                // numbers between are the pivot.
                if k <= j {
                    high = j
                } else if k >= i {
                    low = i
                } else {
                    break
                }
            }
            return numbers[k]
        }
    }

    /// How many different numbers `numbers` holds: marked in a bitmap over their range when
    /// that is at most a few times their count (node numbers, years, phases), else hashed.
    static func distinctCount(_ numbers: some Collection<Int64>) -> Int {
        guard let least = numbers.min(), let greatest = numbers.max() else { return 0 }
        let (span, overflow) = greatest.subtractingReportingOverflow(least)
        guard !overflow, span < Int64(max(8 * numbers.count, 1 << 16)) else { return Set(numbers).count }
        var marks = [UInt64](repeating: 0, count: Int(span) / 64 + 1)
        var count = 0
        for number in numbers {
            let offset = Int(number &- least)
            let bit: UInt64 = 1 << UInt64(offset % 64)
            if marks[offset / 64] & bit == 0 {
                marks[offset / 64] |= bit
                count += 1
            }
        }
        return count
    }
}
