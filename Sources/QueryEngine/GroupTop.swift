import IncidentGraph
import PluginAPI
import QuerySyntax

/// `count … | top N by count`, `summarize sum(x) as f by … | top N by f`: only the groups the
/// `top` keeps are ordered and made into rows — the same rows, in the same order, as every
/// group made into a row and `top` run on them (the best first, ties in key order, nulls last).
extension Grouping {
    /// The groups `top N by` a column keeps, in its order, given each group's whole number in
    /// that column (nil: null).
    static func topGroups(
        _ count: Int, values: [Int64?], descending: Bool, keys: [[Value]], graph: IncidentGraph
    ) -> [Int] {
        guard count > 0 else { return [] }
        let better: (Int64, Int64) -> Bool = descending ? { $0 > $1 } : { $0 < $1 }
        var present = values.compactMap { $0 }
        // The groups as good as the N-th best value (all of them, nulls last, when there are
        // no more than N values): only these can be kept, and only ties need the key order.
        var candidates = Array(values.indices)
        if present.count > count {
            let threshold = NumberStatistics.select(count - 1, in: &present, by: better)
            candidates = values.indices.filter { values[$0].map { !better(threshold, $0) } ?? false }
        }
        let inKeyOrder = GroupOrder(keys: candidates.map { keys[$0] }, graph: graph).sorted().map { candidates[$0] }
        let ranked = inKeyOrder.enumerated().sorted { a, b in
            switch (values[a.element], values[b.element]) {
            case (let x?, let y?) where x != y: better(x, y)
            case (.some, nil): true
            case (nil, .some): false
            default: a.offset < b.offset
            }
        }
        return ranked.prefix(count).map(\.element)
    }

    /// The whole numbers of a column of groups, or nil when some value is not one (nor null).
    static func wholeNumbers(_ values: [Value]) -> [Int64?]? {
        var numbers: [Int64?] = []
        numbers.reserveCapacity(values.count)
        for value in values {
            switch value {
            case .int(let number): numbers.append(Int64(number))
            case .null: numbers.append(nil)
            default: return nil
            }
        }
        return numbers
    }
}
