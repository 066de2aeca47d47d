import IncidentGraph
import PluginAPI
import QuerySyntax

/// `sort ts`, `top 10 by files_exfiltrated`: a key that is a stored whole-number property
/// (`int`, `instant`, `date`, `duration`) is read as the integers the column holds, a few
/// thousand rows at a time, and rows are ordered by comparing them — the order ``ValueOrder``
/// gives their values, since one property holds values of one type. Missing values are null
/// and go last, whichever the direction, as the general sort puts them.
extension QueryRunner {
    /// Each row's key as its stored integer (nil for null); nil when the key is not such a
    /// property.
    func integerSortKeys(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [Int64?]?
    {
        guard case .name(let name) = expression.kind,
            let reader = compiler(input, variables).directProperty(name),
            [.int, .instant, .date, .duration].contains(reader.type)
        else { return nil }
        var keys: [Int64?] = []
        keys.reserveCapacity(input.rows.count)
        try RowBatches.forEach(input.rows, context: context) { nodes, _ in
            keys.append(contentsOf: reader.integers(of: nodes))
        }
        return keys
    }

    /// Whether row `a` comes before row `b` by one integer key (ties: neither).
    static func precedes(_ a: Int64?, _ b: Int64?, descending: Bool) -> Bool? {
        guard let a, let b else { return a == nil && b == nil ? nil : b == nil }
        if a == b { return nil }
        return descending ? a > b : a < b
    }

    /// The positions of the first `count` rows by one integer key, ties by position: `top`.
    static func firstPositions(_ count: Int, by keys: [Int64?], descending: Bool) -> [Int] {
        var best: [Int] = []
        func before(_ a: Int, _ b: Int) -> Bool { precedes(keys[a], keys[b], descending: descending) ?? (a < b) }
        for position in keys.indices {
            if best.count == count, let last = best.last, !before(position, last) { continue }
            best.insert(position, at: best.firstIndex { before(position, $0) } ?? best.count)
            if best.count > count { best.removeLast() }
        }
        return best
    }

    /// All positions ordered by several integer keys, ties by position: `sort`.
    static func orderedPositions(by keys: [(values: [Int64?], descending: Bool)], count: Int) -> [Int] {
        (0..<count).sorted { a, b in
            for key in keys {
                if let first = precedes(key.values[a], key.values[b], descending: key.descending) { return first }
            }
            return a < b
        }
    }
}
