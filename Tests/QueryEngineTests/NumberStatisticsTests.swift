import Testing

@testable import QueryEngine

/// `median` selects its middle numbers and `distinct_count` marks numbers in a bitmap; both are
/// held to sorting and hashing on lists of every shape a column gives.
@Suite("Medians and distinct counts of whole numbers")
struct NumberStatisticsTests {
    /// Lists with few and many repeats, in order, reversed, rising and falling, spread widely.
    private static func lists() -> [[Int64]] {
        var random = SystemRandomNumberGenerator()
        var lists: [[Int64]] = [[], [7], [3, 3], [Int64.min, Int64.max], [Int64.max, 0, Int64.min, -1]]
        for count in [2, 3, 4, 5, 8, 17, 64, 101, 1_000, 4_096] {
            let spread: [Int64] = [1, 3, Int64(count), 1 << 20, Int64.max / 2]
            for width in spread {
                lists.append((0..<count).map { _ in Int64.random(in: -width...width, using: &random) })
            }
            let rising = (0..<Int64(count)).map { $0 / 3 }
            lists += [rising, rising.reversed(), rising + rising.reversed(), Array(repeating: 42, count: count)]
        }
        return lists
    }

    @Test("the median is the middle of the sorted numbers, or the mean of the two middle ones")
    func medians() {
        for numbers in Self.lists() {
            let sorted = numbers.sorted()
            let middle = sorted.count / 2
            let expected: Double? =
                sorted.isEmpty
                ? nil
                : sorted.count % 2 == 1
                    ? Double(sorted[middle]) : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
            #expect(NumberStatistics.median(numbers) == expected, "\(numbers.prefix(12))… (\(numbers.count))")
        }
    }

    @Test("selection puts the k-th number in its place, none larger before it and none smaller after")
    func selection() {
        for numbers in Self.lists() where !numbers.isEmpty {
            let sorted = numbers.sorted()
            for k in Set([0, numbers.count / 3, numbers.count / 2, numbers.count - 1]) {
                var selected = numbers
                let found = NumberStatistics.select(k, in: &selected)
                #expect(found == sorted[k] && selected[k] == found)
                #expect(selected[..<k].allSatisfy { $0 <= found } && selected[(k + 1)...].allSatisfy { $0 >= found })
                #expect(selected.sorted() == sorted)
                // Greatest first, as `top N by` selects.
                var descending = numbers
                let best = NumberStatistics.select(k, in: &descending, by: >)
                #expect(best == sorted[sorted.count - 1 - k] && descending[k] == best)
                #expect(descending[..<k].allSatisfy { $0 >= best } && descending[(k + 1)...].allSatisfy { $0 <= best })
            }
        }
    }

    @Test("the distinct count is the count of a set of the numbers")
    func distinctCounts() {
        for numbers in Self.lists() {
            #expect(NumberStatistics.distinctCount(numbers) == Set(numbers).count, "\(numbers.prefix(12))…")
        }
    }
}
