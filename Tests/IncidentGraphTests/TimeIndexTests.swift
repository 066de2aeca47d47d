import Testing

@testable import IncidentGraph

@Suite("Time index")
struct TimeIndexTests {
    /// The index as a plain sort gives it: rows with a time, by time, equal times by row.
    private static func expected(_ times: [Int64?]) -> [Int32] {
        times.indices.filter { times[$0] != nil }
            .sorted { (times[$0]!, $0) < (times[$1]!, $1) }
            .map { Int32($0) }
    }

    private static func column(_ times: [Int64?]) -> IntegerValues {
        var column = IntegerValues()
        for time in times { column.append(time) }
        return column
    }

    @Test("rows in time order, out of order, with ties and without a time are indexed by time, then row")
    func order() {
        var random = SystemRandomNumberGenerator()
        for trial in 0..<400 {
            let count = Int.random(in: 0...60, using: &random)
            var times: [Int64?] = (0..<count).map { _ in
                Bool.random(using: &random) && trial % 3 == 0 ? nil : Int64.random(in: -5...5, using: &random)
            }
            if trial % 2 == 0 {  // half the columns come already in time order, gaps and all
                let sorted = times.compactMap { $0 }.sorted()
                var next = sorted.makeIterator()
                times = times.map { $0 == nil ? nil : next.next() }
            }
            let index = TimeIndex(instants: Self.column(times))
            let expected = Self.expected(times)
            let agrees = index.rows == expected && index.times == expected.map { times[Int($0)]! }
            #expect(agrees, "times \(times)")
        }
    }
}
