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
        _ count: Int, values: [Int64?], descending: Bool, keys: GroupKeys, graph: IncidentGraph
    ) -> [Int] {
        guard count > 0 else { return [] }
        let better: (Int64, Int64) -> Bool = descending ? { $0 > $1 } : { $0 < $1 }
        var present = values.compactMap { $0 }
        // The groups surely kept (better than the N-th best value, or every value when there
        // are no more than N), and the groups tied for the places left (as good as the N-th
        // best; or the nulls, which come last): only the ties need the key order, and only as
        // many of them as there are places left are picked out in it.
        var sure: [Int] = []
        var tied: [Int] = []
        if present.count > count {
            let threshold = NumberStatistics.select(count - 1, in: &present, by: better)
            for (group, value) in values.enumerated() {
                guard let value, !better(threshold, value) else { continue }
                if better(value, threshold) { sure.append(group) } else { tied.append(group) }
            }
        } else {
            for (group, value) in values.enumerated() {
                if value == nil { tied.append(group) } else { sure.append(group) }
            }
        }
        let kept = (sure + GroupOrder.first(count - sure.count, of: tied, keys: keys, graph: graph)).sorted()
        let inKeyOrder = GroupOrder(keys: keys.picking(kept), graph: graph).sorted().map { kept[$0] }
        let ranked = inKeyOrder.enumerated().sorted { a, b in
            switch (values[a.element], values[b.element]) {
            case (let x?, let y?) where x != y: better(x, y)
            case (.some, nil): true
            case (nil, .some): false
            default: a.offset < b.offset
            }
        }
        return ranked.map(\.element)
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
