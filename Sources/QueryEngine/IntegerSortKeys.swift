import IncidentGraph
import PluginAPI
import QuerySyntax

/// `sort ts`, `top 10 by files_exfiltrated`: a key that is a stored whole-number property
/// (`int`, `instant`, `date`, `duration`) is read as the integers the column holds, a few
/// thousand rows at a time, and rows are ordered by comparing them — the order ``ValueOrder``
/// gives their values, since one property holds values of one type. Missing values are null
/// and go last, whichever the direction, as the general sort puts them. `sort id` reads each
/// node's place in the ids' order the same way, `sort target` that of the node a link chain
/// reaches, and a key of whole-number arithmetic or calendar fields of such properties
/// (``Number``: `sort files_exfiltrated + accounts_compromised`, `sort hour(ts)`; a stored number
/// of a `match` variable's nodes, `sort i.ts`) is worked out a batch of rows at a time, as is the
/// place of a value the node's provenance record decides (``RecordPlaces``: `sort status`).
extension QueryRunner {
    /// The reader of a key that is such a property; nil for any other key.
    func integerSortReader(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        -> PropertyReader?
    {
        guard case .name(let name) = expression.kind,
            let reader = compiler(input, variables, reading: [expression]).directProperty(name),
            [.int, .instant, .date, .duration].contains(reader.type)
        else { return nil }
        return reader
    }

    /// Each row's key as its stored integer (nil for null), or, for the built-in `id` and a link
    /// chain, as its node's or the reached node's place in the ids' order, or the whole number
    /// ``Number`` works out; nil when the key is none of them.
    func integerSortKeys(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [Int64?]?
    {
        let compiler = compiler(input, variables, reading: [expression])
        if case .name(let name) = expression.kind, compiler.readsID(name) { return try idRankKeys(input, through: []) }
        if let hops = compiler.linkChainTargets(expression) { return try idRankKeys(input, through: hops) }
        if let textKeys = try textRankKeys(expression, input, variables) { return textKeys }
        if let places = RecordPlaces(expression, compiler) { return try keys(of: input) { places.keys(of: $0.nodes) } }
        if let linkedKeys = try linkedPropertyKeys(expression, input, variables) { return linkedKeys }
        if let textKeys = try textFunctionKeys(expression, input, variables) { return textKeys }
        guard let reader = integerSortReader(expression, input, variables) else {
            if let numbers = try numberKeys(expression, input, variables) { return numbers }
            return try decimalKeys(expression, input, variables)
        }
        return try keys(of: input) { batch in
            let rows = batch.rows(reader)
            return reader.withIntegers { values in rows.map { $0 >= 0 && !values.isEmpty ? values[Int($0)] : nil } }
        }
    }

    /// Each row's key, worked out by `batchKeys` for a batch of rows at a time.
    private func keys(of input: RowSet, _ batchKeys: (RowBatch) -> [Int64?]) throws(Diagnostic) -> [Int64?] {
        var keys: [Int64?] = []
        keys.reserveCapacity(input.count)
        try RowBatches.forEach(input, context: context) { batch in keys.append(contentsOf: batchKeys(batch)) }
        return keys
    }

    /// Each row's key as the place in the ids' order (``IncidentGraph/idRanks()``, the order
    /// ``Value`` gives nodes) of its node (`sort id`), or of the node a link chain reaches from it
    /// (`sort target`, `sort target.sector`: `hops`); nil where there is none.
    private func idRankKeys(_ input: RowSet, through hops: [LinkTargets]) throws(Diagnostic) -> [Int64?] {
        let ranks = context.graph.idRanks()
        return try keys(of: input) { batch in
            Part.reached(through: hops, from: batch.nodes).map { $0 >= 0 ? Int64(ranks[Int($0)]) : nil }
        }
    }

    /// Each row's key as its text's place among the property's distinct texts in the order
    /// ``Value`` gives texts (their Unicode scalars, the order of their UTF-8 bytes), for a text
    /// property read by name (`sort vector`); nil for any other key, or a property whose texts
    /// are numbered by canonical equivalence (``TextCodes/numbersIdenticalTexts``). The places
    /// are worked out at the first sort by the property and kept with the graph.
    private func textRankKeys(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [Int64?]?
    {
        guard case .name(let name) = expression.kind,
            let places = textPlaces(name, compiler(input, variables, reading: [expression]))
        else { return nil }
        return try keys(of: input) { batch in places.keys(ofRows: batch.rows(places.reader)) }
    }

    /// The places of the texts of `name` when it is a text property of one kind whose texts are
    /// numbered scalar for scalar (``TextCodes/numbersIdenticalTexts``, which keeps their bytes);
    /// nil otherwise. Worked out at the first sort by the property and kept with the graph.
    func textPlaces(_ name: String, _ compiler: ExpressionCompiler) -> TextPlaces? {
        guard let reader = compiler.directProperty(name), reader.type == .string,
            let codes = compiler.directTextCodes(name), let texts = codes.utf8
        else { return nil }
        let placed = context.graph.derived("text places \(reader.kindPosition) \(name)") {
            TextPlaces.places(of: texts, count: codes.count)
        }
        return TextPlaces(reader: reader, codes: codes, places: placed.places, codeAtPlace: placed.codeAtPlace)
    }

    /// Each row's key as the place of its linked node's value among the values of the nodes the
    /// rows link to (`sort target.name`, `top 3 by actor.name desc`): the link chain followed as
    /// node numbers, and the value placed in the order the general sort gives (equal values,
    /// equal places; null: nil). A text property of one kind is read as its text's place among
    /// all its texts (as `sort name` reads it); any other property once per node reached, not
    /// once per row. Nil for any other key, and when the rows reach more than one node for every
    /// four rows and the property is not such a text (placing that many values costs more than
    /// the general sort saves).
    private func linkedPropertyKeys(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [Int64?]?
    {
        let compiler = compiler(input, variables)
        guard case .member(let base, let name) = expression.kind, context.isKnownName(name),
            expression.dottedName.map(compiler.columns.contains) != true,
            let hops = compiler.linkChainTargets(base)
        else { return nil }
        if let places = textPlaces(name, compiler) {
            return try keys(of: input) { batch in
                places.keys(ofRows: places.reader.rows(of: Part.reached(through: hops, from: batch.nodes)))
            }
        }
        // Each node reached once, in the order first met; given up as soon as there are too many.
        var reached: [Int32] = []
        reached.reserveCapacity(input.count)
        var slotOfNode = [Int32](repeating: -1, count: context.graph.nodeCount)
        var distinct: [Int32] = []
        let most = input.count / 4 + 1
        try RowBatches.forEachBatch(
            of: input, context: context,
            untilDone: { batch in
                let nodes = Part.reached(through: hops, from: batch.nodes)
                for node in nodes where node >= 0 && slotOfNode[Int(node)] < 0 {
                    slotOfNode[Int(node)] = Int32(distinct.count)
                    distinct.append(node)
                }
                reached.append(contentsOf: nodes)
                return distinct.count > most
            })
        guard distinct.count <= most else { return nil }
        let field = compiler.fieldReader(name)
        let values = distinct.map { field(NodeID(index: Int($0))) }
        let places = Self.places(of: values)
        return reached.map { node in node < 0 ? nil : places[Int(slotOfNode[Int(node)])] }
    }

    /// Each row's key as the place of its value among the values a key that reads one text
    /// property alone gives (`sort upper(vector)`, ``ExpressionCompiler/textPropertyReadAlone(_:)``),
    /// worked out once per text, on the first row that has it (and once on the first row with
    /// none): on a million incidents `sort upper(vector), ts | take 3` 290 → 15 ms. Nil for any
    /// other key, when the texts are more than a quarter of the rows, and when the key fails on
    /// a text (the general sort gives the error).
    private func textFunctionKeys(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [Int64?]?
    {
        let compiler = compiler(input, variables, reading: [expression])
        guard let (reader, codes) = compiler.textPropertyReadAlone(expression, ordered: true),
            codes.count <= input.count / 4
        else { return nil }
        // Each row's slot: its text's number, or one more for a row with none.
        let none = codes.count
        var slots: [Int32] = []
        slots.reserveCapacity(input.count)
        var firstRow = [Int](repeating: -1, count: codes.count + 1)
        try RowBatches.forEach(input, context: context) { batch in
            let rows = batch.rows(reader)
            codes.withRowCodes { rowCodes in
                for (offset, row) in rows.enumerated() {
                    let slot = row >= 0 && rowCodes[Int(row)] >= 0 ? Int(rowCodes[Int(row)]) : none
                    if firstRow[slot] < 0 { firstRow[slot] = batch.start + offset }
                    slots.append(Int32(slot))
                }
            }
        }
        let key = compiler.compile(expression)
        var values: [Value] = []
        values.reserveCapacity(firstRow.count)
        for row in firstRow {
            guard row >= 0 else {
                values.append(.null)
                continue
            }
            guard let value = try? key(input.row(at: row)) else { return nil }
            values.append(value)
        }
        let places = Self.places(of: values)
        return slots.map { places[Int($0)] }
    }

    /// Each value's place in the order ``ValueOrder/sortOrder(_:_:)`` gives (equal values, equal
    /// places), nil for null.
    static func places(of values: [Value]) -> [Int64?] {
        let order = values.indices.filter { !values[$0].isNull }.sorted {
            ValueOrder.sortOrder(values[$0], values[$1]) < 0
        }
        var places = [Int64?](repeating: nil, count: values.count)
        var place: Int64 = -1
        for (position, index) in order.enumerated() {
            if position == 0 || ValueOrder.sortOrder(values[order[position - 1]], values[index]) != 0 { place += 1 }
            places[index] = place
        }
        return places
    }

    /// Each row's key as the whole number ``Number`` gives (nil for null, as the compiled key's
    /// arithmetic gives null past 64 bits); nil when the key is not such a number.
    private func numberKeys(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [Int64?]?
    {
        let compiler = compiler(input, variables, reading: [expression])
        // `sort i.ts` after a `match`: the stored numbers of the variable's nodes.
        let stored = [ValueType.int, .instant, .date, .duration]
        guard
            let number = Number(expression, compiler)
                ?? Number.columnMember(expression, input, compiler, types: stored)?.number
        else { return nil }
        return try keys(of: input) { batch in
            var nodes = NodeBatch(batch)
            return number.values(&nodes).optionals
        }
    }

    /// Each row's key as the decimal ``DecimalNumber`` works out (`sort files_exfiltrated /
    /// (accounts_compromised + 1)`), as a whole number in the same order (``orderedBits(_:)``;
    /// nil for null); nil when the key is not such a decimal, or some row's is not finite (the
    /// general sort places infinities and what is not a number its own way).
    private func decimalKeys(_ expression: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> [Int64?]?
    {
        guard let decimal = DecimalNumber(expression, compiler(input, variables, reading: [expression])),
            !decimal.isWhole
        else { return nil }
        var keys: [Int64?] = []
        keys.reserveCapacity(input.count)
        var finite = true
        try RowBatches.forEach(input, context: context) { batch in
            var nodes = NodeBatch(batch)
            let decimals = decimal.values(&nodes)
            for (value, present) in zip(decimals.values, decimals.present) {
                finite = finite && (present == 0 || value.isFinite)
                keys.append(present == 0 ? nil : Self.orderedBits(value))
            }
        }
        return finite ? keys : nil
    }

    /// A finite decimal as a whole number in the same order: its bits, the negative ones' turned
    /// around, so that more negative is less; negative zero is zero, as it compares.
    static func orderedBits(_ value: Double) -> Int64 {
        let bits = Int64(bitPattern: (value + 0.0).bitPattern)
        return bits < 0 ? bits ^ Int64.max : bits
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
        var first = FirstElements(limit: limit, in: OrderBy(firstBefore: precedes))
        // Read from the end when the last position ranks before the first (see above).
        let positions = count > 1 && precedes(count - 1, 0) ? Array((0..<count).reversed()) : Array(0..<count)
        for position in positions {
            if let last = first.last, !precedes(position, last) { continue }
            first.offer(position)
        }
        return first.elements
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
