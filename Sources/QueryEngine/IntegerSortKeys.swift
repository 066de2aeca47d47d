import IncidentGraph
import PluginAPI
import QuerySyntax

/// `sort ts`, `top 10 by files_exfiltrated`: a key that is a stored whole-number property
/// (`int`, `instant`, `date`, `duration`) is read as the integers the column holds, a few
/// thousand rows at a time, and rows are ordered by comparing them — the order ``ValueOrder``
/// gives their values, since one property holds values of one type. Missing values are null
/// and go last, whichever the direction, as the general sort puts them. `sort id` reads each
/// node's place in the ids' order the same way, and a key of whole-number arithmetic or
/// calendar fields of such properties (``Number``: `sort files_exfiltrated + accounts_compromised`,
/// `sort hour(ts)`) is worked out a batch of rows at a time.
extension QueryRunner {
    /// The reader of a key that is such a property; nil for any other key.
    private func integerSortReader(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        -> PropertyReader?
    {
        guard case .name(let name) = expression.kind,
            let reader = compiler(input, variables).directProperty(name),
            [.int, .instant, .date, .duration].contains(reader.type)
        else { return nil }
        return reader
    }

    /// Each row's key as its stored integer (nil for null), or, for the built-in `id`, as its
    /// node's place in the ids' order (``IncidentGraph/idRanks()``, the order ``Value`` gives
    /// their texts), or the whole number ``Number`` works out; nil when the key is none of them.
    func integerSortKeys(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [Int64?]?
    {
        if case .name(let name) = expression.kind, compiler(input, variables).readsID(name) {
            let ranks = context.graph.idRanks()
            return input.rows.map { row in row.node.map { Int64(ranks[$0.index]) } }
        }
        guard let reader = integerSortReader(expression, input, variables) else {
            return try numberKeys(expression, input, variables)
        }
        var keys: [Int64?] = []
        keys.reserveCapacity(input.count)
        try RowBatches.forEach(input, context: context) { batch in
            let rows = batch.rows(reader)
            reader.withIntegers { values in
                keys.append(contentsOf: rows.lazy.map { $0 >= 0 && !values.isEmpty ? values[Int($0)] : nil })
            }
        }
        return keys
    }

    /// Each row's key as the whole number ``Number`` gives (nil for null, as the compiled key's
    /// arithmetic gives null past 64 bits); nil when the key is not such a number.
    private func numberKeys(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [Int64?]?
    {
        guard let number = Number(expression, compiler(input, variables)) else { return nil }
        var keys: [Int64?] = []
        keys.reserveCapacity(input.count)
        try RowBatches.forEach(input, context: context) { batch in
            var nodes = NodeBatch(batch)
            keys.append(contentsOf: number.values(&nodes))
        }
        return keys
    }

    /// Each key's values as the stored integers (``integerSortKeys(_:_:_:)``), with its
    /// direction; nil unless every key is such a property.
    func integerSortKeys(_ keys: [SortKey], _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [(values: [Int64?], descending: Bool)]?
    {
        var integerKeys: [(values: [Int64?], descending: Bool)] = []
        for key in keys {
            guard let values = try integerSortKeys(key.expression, input, variables) else { return nil }
            integerKeys.append((values, key.descending))
        }
        return integerKeys
    }

    /// The positions of the first `count` rows by a key that is such a property, ties by
    /// position; nil for any other key: `top`. Keys are read a batch at a time and only those
    /// that enter the first `count` are kept.
    func firstPositions(_ count: Int, of input: RowSet, by key: SortKey, _ variables: [String: Value])
        throws(Diagnostic) -> [Int]?
    {
        guard let reader = integerSortReader(key.expression, input, variables) else { return nil }
        let descending = key.descending
        // Each key as one ascending order: nulls last, a descending key's bits inverted (which
        // reverses the order of signed numbers).
        func rank(_ value: Int64?) -> (UInt8, Int64) {
            guard let value else { return (1, 0) }
            return (0, descending ? ~value : value)
        }
        // Best first; a row enters only when it ranks before the last (ties: the earlier row).
        var best: [(rank: (UInt8, Int64), position: Int)] = []
        try RowBatches.forEach(input, context: context) { batch in
            let (rows, start) = (batch.rows(reader), batch.start)
            var entry = best.count == count ? best[count - 1].rank : (2, 0)
            reader.withIntegers { values in
                for (offset, row) in rows.enumerated() {
                    let candidate = rank(row >= 0 && !values.isEmpty ? values[Int(row)] : nil)
                    guard candidate < entry else { continue }
                    best.insert((candidate, start + offset), at: best.firstIndex { candidate < $0.rank } ?? best.count)
                    if best.count > count { best.removeLast() }
                    if best.count == count { entry = best[count - 1].rank }
                }
            }
        }
        return best.map(\.position)
    }

    /// Whether row `a` comes before row `b` by one integer key (ties: neither).
    static func precedes(_ a: Int64?, _ b: Int64?, descending: Bool) -> Bool? {
        guard let a, let b else { return a == nil && b == nil ? nil : b == nil }
        if a == b { return nil }
        return descending ? a > b : a < b
    }

    /// The first `limit` of `count` positions ordered by several integer keys, ties by position:
    /// `sort` then `take`, without ordering them all.
    static func firstPositions(_ limit: Int, by keys: [(values: [Int64?], descending: Bool)], count: Int) -> [Int] {
        func precedes(_ a: Int, _ b: Int) -> Bool {
            for key in keys {
                if let first = Self.precedes(key.values[a], key.values[b], descending: key.descending) { return first }
            }
            return a < b
        }
        var best: [Int] = []
        for position in 0..<count {
            if best.count == limit, let last = best.last, !precedes(position, last) { continue }
            best.insert(position, at: best.firstIndex { precedes(position, $0) } ?? best.count)
            if best.count > limit { best.removeLast() }
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
