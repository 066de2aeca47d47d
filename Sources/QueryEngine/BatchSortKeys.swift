import IncidentGraph
import PluginAPI
import QuerySyntax

/// A row's place by one sort key, in one ascending order whichever the key's direction: rows
/// with a value first, by the value (a descending key's bits inverted, which reverses the order
/// of signed numbers), then rows without one, as the general sort puts nulls last.
struct SortRank: Comparable {
    let null: UInt8
    let value: Int64

    /// The rank of a key's value, nil for null.
    init(_ value: Int64?, descending: Bool) {
        (null, self.value) = value.map { (0, descending ? ~$0 : $0) } ?? (1, 0)
    }

    /// A rank as it is: `null` 1 (and `value` 0) for a row without a value.
    init(null: UInt8, value: Int64) {
        self.null = null
        self.value = value
    }

    static func < (a: SortRank, b: SortRank) -> Bool { (a.null, a.value) < (b.null, b.value) }
}

/// Rows by their ranks, key by key, then by their position.
struct RankedPositions: ElementOrder {
    func precedes(_ a: (ranks: [SortRank], position: Int), _ b: (ranks: [SortRank], position: Int)) -> Bool {
        for (x, y) in zip(a.ranks, b.ranks) where x != y { return x < y }
        return a.position < b.position
    }
}

/// A sort key worked out a batch of rows at a time as each row's ``SortRank``, in the order
/// ``ValueOrder`` gives the values: a stored whole-number property (`int`, `instant`, `date`,
/// `duration`: one property holds values of one type), whole-number arithmetic or calendar
/// fields of them (``Number``), a decimal worked out of them (``DecimalNumber``), a text
/// property of one kind (its text's place, ``TextPlaces``), the built-in `id` (its place
/// among the ids) or a built-in the provenance record decides (``RecordPlaces``).
struct BatchSortKey {
    enum Source {
        case column(PropertyReader)
        case number(Number)
        case decimal(DecimalNumber)
        case text(TextPlaces)
        /// Each node's place among the ids, by node number.
        case id([Int32])
        /// The place of the value the node's provenance record decides.
        case record(RecordPlaces)
    }

    let source: Source
    let descending: Bool

    /// Each row's rank in `batch`; `finite` is cleared when a decimal is infinite or not a
    /// number (the general sort places those its own way).
    func ranks(_ batch: RowBatch, finite: inout Bool) -> [SortRank] {
        switch source {
        case .column(let reader):
            let rows = batch.rows(reader)
            return reader.withIntegers { values in
                guard !values.isEmpty else {
                    return Array(repeating: SortRank(nil, descending: false), count: rows.count)
                }
                // Read with no branch per row on whether it has a value.
                let invert: Int64 = descending ? -1 : 0
                return [SortRank](unsafeUninitializedCapacity: rows.count) { ranks, count in
                    for (offset, row) in rows.enumerated() {
                        let stored = Int(max(row, 0))
                        let present = values.presence(at: stored) & (row >= 0 ? 1 : 0)
                        ranks[offset] = SortRank(
                            null: 1 - present, value: (values.storedNumber(at: stored) ^ invert) * Int64(present))
                    }
                    count = rows.count
                }
            }
        case .number(let number):
            var nodes = NodeBatch(batch)
            let numbers = number.values(&nodes)
            return zip(numbers.values, numbers.present).map {
                SortRank($1 != 0 ? $0 : nil, descending: descending)
            }
        case .decimal(let decimal):
            var nodes = NodeBatch(batch)
            let decimals = decimal.values(&nodes)
            return zip(decimals.values, decimals.present).map { value, present in
                finite = finite && (present == 0 || value.isFinite)
                return SortRank(present == 0 ? nil : QueryRunner.orderedBits(value), descending: descending)
            }
        case .text(let places):
            return places.keys(ofRows: batch.rows(places.reader)).map { SortRank($0, descending: descending) }
        case .id(let ranks):
            return batch.nodes.map { SortRank($0 >= 0 ? Int64(ranks[Int($0)]) : nil, descending: descending) }
        case .record(let places):
            return places.keys(of: batch.nodes).map { SortRank($0, descending: descending) }
        }
    }
}

extension QueryRunner {
    /// The positions of the first `count` rows by one key, ties by position, when it is a
    /// ``BatchSortKey``; nil otherwise (`top 3 by files_exfiltrated`, `sort ts desc | take 5`).
    /// The key is read a batch at a time — a stored column's in place, the commonest key read
    /// fastest — and only the rows that enter the first `count` are kept.
    func firstPositions(_ count: Int, of input: RowSet, by key: SortKey, _ variables: [String: Value])
        throws(Diagnostic) -> [Int]?
    {
        guard let batchKey = batchSortKey(key, input, variables) else { return nil }
        var finite = true
        // A row enters only when it ranks before the last kept (ties: the earlier row). A batch
        // whose last row ranks before its first is read from its end (rows in time order
        // sorted by `ts desc`): its best rows come first, and few of the others enter; the
        // rows kept do not depend on the order they are read in.
        var first = FirstElements(limit: count, in: RankedRows())
        func offer(rowsFrom start: Int, count rows: Int, _ rank: (Int) -> SortRank) {
            guard rows > 0 else { return }
            var entry = first.last ?? (2, 0, 0)
            func ranked(_ offset: Int) -> (null: UInt8, value: Int64, position: Int) {
                let rank = rank(offset)
                return (rank.null, rank.value, start + offset)
            }
            let offsets = ranked(rows - 1) < ranked(0) ? Array((0..<rows).reversed()) : Array(0..<rows)
            for offset in offsets {
                let candidate = ranked(offset)
                guard candidate < entry else { continue }
                first.offer(candidate)
                if let last = first.last { entry = last }
            }
        }
        let descending = key.descending
        try RowBatches.forEach(input, context: context) { batch in
            guard case .column(let reader) = batchKey.source else {
                let ranks = batchKey.ranks(batch, finite: &finite)
                offer(rowsFrom: batch.start, count: ranks.count) { ranks[$0] }
                return
            }
            let rows = batch.rows(reader)
            reader.withIntegers { values in
                offer(rowsFrom: batch.start, count: rows.count) { offset in
                    SortRank(
                        rows[offset] >= 0 && !values.isEmpty ? values[Int(rows[offset])] : nil, descending: descending)
                }
            }
        }
        // Infinities and what is not a number: the general form's order.
        return finite ? first.elements.map(\.position) : nil
    }

    /// The positions of the first `count` rows by `keys`, ties by position, when every key is a
    /// ``BatchSortKey``; nil otherwise (`sort … | take N`, `top N by`). The keys are worked out
    /// a batch of rows at a time and only the rows that enter the first `count` are kept.
    func firstPositions(_ count: Int, of input: RowSet, by keys: [SortKey], _ variables: [String: Value])
        throws(Diagnostic) -> [Int]?
    {
        var batchKeys: [BatchSortKey] = []
        for key in keys {
            guard let batchKey = batchSortKey(key, input, variables) else { return nil }
            batchKeys.append(batchKey)
        }
        var finite = true
        var first = FirstElements(limit: count, in: RankedPositions())
        try RowBatches.forEach(input, context: context) { batch in
            let ranks = batchKeys.map { $0.ranks(batch, finite: &finite) }
            // A row enters only when it ranks before the last kept (ties: the earlier row).
            func precedes(_ offset: Int, _ entry: (ranks: [SortRank], position: Int)) -> Bool {
                for (key, rank) in ranks.enumerated() where rank[offset] != entry.ranks[key] {
                    return rank[offset] < entry.ranks[key]
                }
                return batch.start + offset < entry.position
            }
            // A batch whose last row ranks before its first is read from its end (rows in time
            // order sorted by `ts desc`): its best rows come first, and few of the others enter;
            // the rows kept do not depend on the order they are read in.
            let rows = batch.nodes.count
            let fromEnd = rows > 1 && precedes(rows - 1, (ranks.map { $0[0] }, batch.start))
            let leading = ranks[0]
            // Most rows rank after the last kept by their first key alone; a row that ties
            // with it there is compared key by key.
            var bound = first.last?.ranks[0]
            for offset in fromEnd ? Array((0..<rows).reversed()) : Array(0..<rows) {
                if let bound {
                    if bound < leading[offset] { continue }
                    if leading[offset] == bound, let last = first.last, !precedes(offset, last) { continue }
                }
                first.offer((ranks.map { $0[offset] }, batch.start + offset))
                bound = first.last?.ranks[0]
            }
        }
        // Infinities and what is not a number: the general form's order.
        return finite ? first.elements.map(\.position) : nil
    }

    /// The key as a ``BatchSortKey``; nil when it is none of those.
    private func batchSortKey(_ key: SortKey, _ input: RowSet, _ variables: [String: Value]) -> BatchSortKey? {
        let compiler = compiler(input, variables)
        let source: BatchSortKey.Source
        if case .name(let name) = key.expression.kind, compiler.readsID(name) {
            source = .id(context.graph.idRanks())
        } else if let reader = integerSortReader(key.expression, input, variables) {
            source = .column(reader)
        } else if case .name(let name) = key.expression.kind, let places = textPlaces(name, compiler) {
            source = .text(places)
        } else if let places = RecordPlaces(key.expression, compiler) {
            source = .record(places)
        } else if let number = Number(key.expression, compiler) {
            source = .number(number)
        } else if let decimal = DecimalNumber(key.expression, compiler), !decimal.isWhole {
            source = .decimal(decimal)
        } else {
            return nil
        }
        return BatchSortKey(source: source, descending: key.descending)
    }
}
