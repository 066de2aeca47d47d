import IncidentGraph
import PluginAPI
import QuerySyntax

extension GroupAssignment {
    /// A key of one stored property read from its column a batch of rows at a time: an `int`,
    /// `instant`, `date` or `duration` property as its stored numbers, a `string` property as
    /// its text numbers (``TextCodes``), a `bool` property as 0 and 1; or the node's built-in
    /// `kind` or `provenance`, as the kind's position or the origin's, or its `status` or
    /// `sources`, as its provenance record's value's code; or whole-number
    /// arithmetic and calendar fields of stored properties (`year(ts)`, `weekday(ts,
    /// "Asia/Tokyo")`) worked out as ``Number``; or a comparison of a stored number with a
    /// constant (`files_exfiltrated > 100`) as its truths; or the node a link chain reaches
    /// (``linkedNodeKey(_:_:_:_:)``).
    enum ColumnKey {
        case integer(PropertyReader)
        case text(TextCodes, PropertyReader)
        case flag(PropertyReader)
        /// `files_exfiltrated > 100`, `hour(ts) >= 9`: a condition as its truths, 1 for true and 0
        /// for false, none where its value is null (the truths `where not` reads).
        case truths(Part)
        /// `lure.lang == "ja"`: a condition with a part worked out once per text or linked node,
        /// its truths by row, worked out before the rows are grouped (``conditionKey(_:_:_:_:)``).
        case truthsByRow([UInt8])
        case builtIn(String, NodeOrigins, IncidentGraph)
        /// The node's built-in `status` or `sources`: its provenance record's number
        /// (``NodeProvenances``), coded as each record's value is (`codeOfRecord`, -1 for
        /// null), `count` codes in all.
        case record(String, codeOfRecord: [Int32], count: Int, NodeProvenances, IncidentGraph)
        case number(Number)
        /// `date(ts)`, `date(ts, "Asia/Tokyo")` of a stored instant: its day, as the day's number.
        case days(Number)
        /// `actor`, `target.sector`, a `match` variable `o`: the node each row's chain reaches or
        /// its column holds, numbered from 0 in the order first met (`numbers`, by row; -1:
        /// none), and each number's node.
        case linkedNode(numbers: [Int32], nodes: [Int32], IncidentGraph)
        /// `i.phase`, `s.name` after a `match`: a key read on the node a column of pattern
        /// matches holds (`nodes`, by row; -1: none) as it reads a row's own node.
        indirect case ofColumnNode(nodes: [Int32], ColumnKey)
        /// The groups of the parts of a key before this one (`numbers`, by row; -1: left out),
        /// `count` of them: a key of three or more parts is grouped two parts at a time. Its
        /// value is the group's number, which the caller replaces with the group's key.
        case groups(numbers: [Int32], count: Int)

        /// How many codes find their group in an array (others in a dictionary): from 0, or
        /// for whole numbers around the first one met (``isCentred``; 127 of them with another
        /// part).
        var denseCodes: Int {
            switch self {
            case .integer, .number, .days: 1_024
            case .text(let codes, _): codes.count
            case .linkedNode(_, let nodes, _): nodes.count
            case .groups(_, let count): count
            case .ofColumnNode(_, let key): key.denseCodes
            case .flag, .truths, .truthsByRow: 2
            case .builtIn(let name, _, let graph):
                name == "kind" ? graph.schema.kinds.count : Provenance.Origin.allCases.count
            case .record(_, _, let count, _, _): count
            }
        }

        /// Whether its codes are whole numbers of any size (years, counts), whose dense codes
        /// are those around the first one met rather than from 0.
        var isCentred: Bool {
            switch self {
            case .integer, .number, .days: true
            case .text, .flag, .truths, .truthsByRow, .builtIn, .record, .linkedNode, .groups: false
            case .ofColumnNode(_, let key): key.isCentred
            }
        }

        /// Each row's code: its number, its text's number, its flag's, or its node's kind's or
        /// origin's (none: null), as numbers with no optional to read per row.
        func codes(in batch: RowBatch) -> Numbers {
            switch self {
            case .ofColumnNode(let nodes, let key):
                return key.codes(in: Self.columnBatch(nodes, batch))
            case .number(let number), .days(let number):
                var nodes = NodeBatch(batch)
                return number.values(&nodes)
            case .truths(let part):
                var nodes = NodeBatch(batch)
                let truths = part.truths(&nodes)
                return Numbers(count: truths.count) { index in Self.code(ofTruth: truths[index]) }
            case .truthsByRow(let truths):
                return Numbers(count: batch.nodes.count) { index in Self.code(ofTruth: truths[batch.start + index]) }
            case .flag(let reader):
                let rows = batch.rows(reader)
                return reader.withFlags { flags in
                    Numbers(count: rows.count) { index in
                        let row = rows[index]
                        return row >= 0 && !flags.isEmpty ? flags[Int(row)].map { $0 ? 1 : 0 } : nil
                    }
                }
            case .integer(let reader):
                if let rows = batch.tableRows(reader) {
                    return reader.withIntegers { values in
                        values.isEmpty ? Numbers(none: rows.count) : Numbers(tableRows: rows, of: values)
                    }
                }
                let rows = batch.rows(reader)
                return reader.withIntegers { values in
                    values.isEmpty ? Numbers(none: rows.count) : Numbers(rows, of: values)
                }
            case .linkedNode(let numbers, _, _), .groups(let numbers, _):
                return Numbers(count: batch.nodes.count) { index in
                    let number = numbers[batch.start + index]
                    return number < 0 ? nil : Int64(number)
                }
            case .builtIn(let name, let origins, _):
                return origins.withNumbers { originOf, kindOf in
                    Numbers(count: batch.nodes.count) { index in
                        let node = batch.nodes[index]
                        return node < 0
                            ? nil : Int64(name == "kind" ? Int(kindOf[Int(node)]) : Int(originOf[Int(node)]))
                    }
                }
            case .record(_, let codeOfRecord, _, let records, _):
                return records.withNumbers { record in
                    Numbers(count: batch.nodes.count) { index in
                        let node = batch.nodes[index]
                        let code = node < 0 ? -1 : codeOfRecord[Int(record[Int(node)])]
                        return code < 0 ? nil : Int64(code)
                    }
                }
            case .text(let codes, let reader):
                let rows = batch.rows(reader)
                return codes.withRowCodes { codes in
                    Numbers(count: rows.count) { index in
                        let row = rows[index]
                        guard row >= 0 else { return nil }
                        let code = codes[Int(row)]
                        return code < 0 ? nil : Int64(code)
                    }
                }
            }
        }

        /// The key value of a new group whose first row is the batch's row at `offset`, with `code`.
        func value(code: Int64?, at offset: Int, of batch: RowBatch) -> Value {
            value(code: code, row: batch.start + offset, node: batch.nodes[offset])
        }

        /// The key value of a new group with `code` whose first row is `row` of the input,
        /// whose node is `node`: the node a column of pattern matches holds for the row is read
        /// where it stands, with no batch of the column copied for each new group.
        private func value(code: Int64?, row: Int, node: Int32) -> Value {
            guard let code else { return .null }
            switch self {
            case .ofColumnNode(let nodes, let key):
                return key.value(code: code, row: row, node: nodes[row])
            case .integer(let reader): return reader.value(stored: code)
            case .number, .groups: return .int(Int(code))
            case .days: return .date(Day(daysSinceEpoch: Int32(truncatingIfNeeded: code)))
            case .flag, .truths, .truthsByRow: return .bool(code == 1)
            case .builtIn(let name, _, let graph), .record(let name, _, _, _, let graph):
                return graph.value(name, of: NodeID(index: Int(node)))
            case .linkedNode(_, let nodes, let graph): return graph.reference(to: NodeID(index: Int(nodes[Int(code)])))
            // The node's own text: the group shows the first row's, as grouping by values does.
            case .text(_, let reader): return reader.value(of: NodeID(index: Int(node)))
            }
        }

        /// A truth's code: 1 for yes, 0 for no, none for unknown.
        private static func code(ofTruth truth: UInt8) -> Int64? {
            truth == Truth.unknown ? nil : truth == Truth.yes ? 1 : 0
        }

        /// The batch of the same rows, each the node `nodes` holds for it.
        private static func columnBatch(_ nodes: [Int32], _ batch: RowBatch) -> RowBatch {
            RowBatch(
                nodes: Array(nodes[batch.start..<batch.start + batch.nodes.count]), start: batch.start, tableKind: nil)
        }
    }

    /// The key part of `expression` when it names an `int`, text or `bool` property of the
    /// rows' kind, or the built-in `kind` or `provenance`, or is a whole number ``Number``
    /// works out, a comparison of a stored number with a constant, or the day of a stored
    /// instant (`date(ts)`).
    static func columnKey(_ expression: Expression, _ compiler: ExpressionCompiler) -> ColumnKey? {
        guard case .name(let name) = expression.kind else {
            if let number = Number(expression, compiler) { return .number(number) }
            if let part = conditionPart(expression, compiler), !part.readsPerKey { return .truths(part) }
            return Number.days(expression, compiler).map(ColumnKey.days)
        }
        if compiler.readsBuiltIn(name) { return .builtIn(name, compiler.graph.origins(), compiler.graph) }
        if compiler.readsRecordField(name) { return recordKey(name, compiler.graph) }
        guard let reader = compiler.directProperty(name) else { return nil }
        switch reader.type {
        case .int, .instant, .date, .duration: return .integer(reader)
        case .bool: return .flag(reader)
        default: return compiler.directTextCodes(name).map { .text($0, reader) }
        }
    }

    /// The condition `expression` is as column operations (``Part``): comparisons, `in`, text
    /// tests, `between`, `is null`, and `and`, `or`, `not` of them; nil for anything else.
    /// Its truths are its values, null where they are unknown: `where not (…)` reads them so.
    private static func conditionPart(_ expression: Expression, _ compiler: ExpressionCompiler) -> Part? {
        switch expression.kind {
        case .binary(let op, _, _) where ![.add, .subtract, .multiply, .divide, .remainder].contains(op): break
        case .unary(.not, _), .between, .isNull: break
        default: return nil
        }
        return Part(expression, compiler)
    }

    /// The key part of a condition with a part worked out once per text or linked node
    /// (`lure.lang == "ja"`, `subject contains "台湾"`): its truths over every row, worked out
    /// first, since such a part may fail on a row; nil for any other expression, and when it
    /// fails (the general form then gives the error).
    static func conditionKey(
        _ expression: Expression, _ input: RowSet, _ compiler: ExpressionCompiler, _ context: EvaluationContext
    ) throws(Diagnostic) -> ColumnKey? {
        guard let part = conditionPart(expression, compiler), part.readsPerKey else { return nil }
        var truths: [UInt8] = []
        truths.reserveCapacity(input.count)
        try RowBatches.forEach(input, context: context) { batch in
            var nodes = NodeBatch(batch)
            truths.append(contentsOf: part.truths(&nodes))
        }
        return part.failed ? nil : .truthsByRow(truths)
    }

    /// The key part of the built-in `status` or `sources`: each provenance record's value read
    /// once, on the first node that has it, and coded as grouping by values tells values apart
    /// (equal values, one code).
    private static func recordKey(_ name: String, _ graph: IncidentGraph) -> ColumnKey {
        let records = graph.provenances()
        var values = FirstMetNumbers<Value>()
        let codeOfRecord = records.values(of: name, in: graph).map { $0.isNull ? -1 : values.number(of: $0) }
        return .record(name, codeOfRecord: codeOfRecord, count: values.keys.count, records, graph)
    }

    /// The key part of a property of a `match` variable's nodes (`i.phase`, `s.name`), read from
    /// the node numbers of the variable's column while the matches are not made into rows: a
    /// declared `int`, `bool` or `string` property of the one kind those nodes are of; nil for
    /// any other expression or rows.
    static func columnNodeKey(_ expression: Expression, _ input: RowSet, _ compiler: ExpressionCompiler) -> ColumnKey? {
        guard case .member(let base, let name) = expression.kind,
            expression.dottedName.map(input.columns.contains) != true,
            let nodes = columnNodes(base, input, compiler)
        else { return nil }
        return key(ofProperty: name, onNodes: nodes, compiler.graph)
    }

    /// The key part of `expression` as ``columnKey(_:_:)``, ``columnNodeKey(_:_:_:)`` or
    /// ``conditionKey(_:_:_:_:)`` reads it; nil when none does.
    static func columnKey(
        _ expression: Expression, _ input: RowSet, _ compiler: ExpressionCompiler, _ context: EvaluationContext
    ) throws(Diagnostic) -> ColumnKey? {
        if let key = columnKey(expression, compiler) ?? columnNodeKey(expression, input, compiler) { return key }
        return try conditionKey(expression, input, compiler, context)
    }

    /// The nodes a `match` variable's column holds (`o`), or a link chain from it reaches
    /// (`o.sector`), by row (-1: none), while the matches are not made into rows; nil for any
    /// other expression or rows.
    static func columnNodes(_ expression: Expression, _ input: RowSet, _ compiler: ExpressionCompiler)
        -> [Int32]?
    {
        guard let source = NodeSource(expression, input, compiler), let column = source.column,
            let nodes = input.unmadeNodeNumbers(ofColumn: column)
        else { return nil }
        return source.hops.isEmpty ? nodes : Part.reached(through: source.hops, from: nodes)
    }

    /// The key part of a property of the node a link chain reaches (`lure.is_lure` beside
    /// `phase`), read on the nodes reached, followed a batch of rows at a time, as
    /// ``columnNodeKey(_:_:_:)`` reads a `match` variable's; nil for any other expression, or a
    /// property it does not read so.
    static func linkedPropertyKey(
        _ expression: Expression, _ input: RowSet, _ compiler: ExpressionCompiler, _ context: EvaluationContext
    ) throws(Diagnostic) -> ColumnKey? {
        guard case .member(let base, let name) = expression.kind, compiler.linkChainTargets(expression) == nil,
            expression.dottedName.map(compiler.columns.contains) != true, let hops = compiler.linkChainTargets(base)
        else { return nil }
        var nodes: [Int32] = []
        nodes.reserveCapacity(input.count)
        try RowBatches.forEach(input, context: context) { batch in
            nodes.append(contentsOf: Part.reached(through: hops, from: batch.nodes))
        }
        return key(ofProperty: name, onNodes: nodes, context.graph)
    }

    /// The key part of a declared `int`, `bool` or `string` property of the one kind `nodes`
    /// (by row; -1: none) are of, read on each row's node; nil for any other name or nodes.
    private static func key(ofProperty name: String, onNodes nodes: [Int32], _ graph: IncidentGraph) -> ColumnKey? {
        guard !graph.schema.links.contains(where: { $0.name == name }),
            !EvaluationContext.annotationNames.contains(name), !["id", "kind", "provenance"].contains(name),
            let kind = nodes.first(where: { $0 >= 0 }).map({ graph.kindIndex(of: NodeID(index: Int($0))) }),
            nodes.allSatisfy({ $0 < 0 || graph.kindIndex(of: NodeID(index: Int($0))) == kind }),
            let reader = PropertyReader(graph, property: name, kindIndex: kind)
        else { return nil }
        switch reader.type {
        case .int: return .ofColumnNode(nodes: nodes, .integer(reader))
        case .bool: return .ofColumnNode(nodes: nodes, .flag(reader))
        case .string:
            return graph.textCodes(name, kindIndex: kind).map { .ofColumnNode(nodes: nodes, .text($0, reader)) }
        default: return nil
        }
    }

    /// The key parts of a pair of keys, a link chain beside a column key (`count by actor,
    /// year(ts)`), when the chain reaches few enough nodes for the pair to find its group in an
    /// array; nil otherwise.
    static func columnKeys(
        linkBesideColumn groups: [Expression], _ input: RowSet, _ compiler: ExpressionCompiler,
        _ context: EvaluationContext
    ) throws(Diagnostic) -> [ColumnKey]? {
        let keys = groups.map { columnKey($0, compiler) }
        guard let other = keys.compactMap({ $0 }).first, let chain = groups.indices.first(where: { keys[$0] == nil }),
            let linked = try linkedNodeKey(
                groups[chain], input, compiler, context, most: densePairs / width(of: other, among: 2) - 1)
        else { return nil }
        return chain == 0 ? [linked, other] : [other, linked]
    }

    /// The key parts of several keys (`actor, phase, vector`), each a column key, a property of
    /// a `match` variable's nodes, a link chain that reaches at most as many nodes as two parts
    /// find in an array, or a property of the node a chain reaches; nil when some key is none
    /// of them.
    static func columnKeys(
        ofEach groups: [Expression], _ input: RowSet, _ compiler: ExpressionCompiler, _ context: EvaluationContext
    ) throws(Diagnostic) -> [ColumnKey]? {
        var keys: [ColumnKey] = []
        for group in groups {
            if let key = try columnKey(group, input, compiler, context) {
                keys.append(key)
            } else if let linked = try linkedNodeKey(group, input, compiler, context, most: densePairs)
                ?? variableKey(group, input, compiler, most: densePairs)
            {
                keys.append(linked)
            } else if let property = try linkedPropertyKey(group, input, compiler, context) {
                keys.append(property)
            } else {
                return nil
            }
        }
        return keys
    }

    /// The key part of a link chain (`actor`) on `input`'s rows: the nodes reached, followed a
    /// batch at a time and numbered densely; nil for any other expression, and as soon as it
    /// reaches more than `most` nodes.
    private static func linkedNodeKey(
        _ expression: Expression, _ input: RowSet, _ compiler: ExpressionCompiler, _ context: EvaluationContext,
        most: Int
    ) throws(Diagnostic) -> ColumnKey? {
        guard let hops = compiler.linkChainTargets(expression) else { return nil }
        var numbers: [Int32] = []
        numbers.reserveCapacity(input.count)
        var numbering = NodeNumbering(nodeCount: context.graph.nodeCount)
        try RowBatches.forEachBatch(
            of: input, context: context,
            untilDone: { batch in
                for node in Part.reached(through: hops, from: batch.nodes) {
                    numbers.append(numbering.number(of: node))
                }
                return numbering.nodes.count > most
            })
        return numbering.nodes.count > most
            ? nil : .linkedNode(numbers: numbers, nodes: numbering.nodes, context.graph)
    }

    /// Nodes numbered from 0 in the order first met.
    private struct NodeNumbering {
        private var numberOfNode: [Int32]
        /// Each number's node.
        private(set) var nodes: [Int32] = []

        init(nodeCount: Int) {
            numberOfNode = Array(repeating: -1, count: nodeCount)
        }

        /// The number of `node` (-1: none).
        mutating func number(of node: Int32) -> Int32 {
            guard node >= 0 else { return -1 }
            if numberOfNode[Int(node)] < 0 {
                numberOfNode[Int(node)] = Int32(nodes.count)
                nodes.append(node)
            }
            return numberOfNode[Int(node)]
        }
    }

    /// The key part of a `match` variable (`a`, `o`) or a link chain from it (`o.sector`) while
    /// the matches are not made into rows: the nodes of its column, or those reached, numbered
    /// densely as a link chain's are; nil for any other expression or rows, and when they are
    /// more than `most` nodes.
    private static func variableKey(
        _ expression: Expression, _ input: RowSet, _ compiler: ExpressionCompiler, most: Int
    ) -> ColumnKey? {
        guard let columnNodes = columnNodes(expression, input, compiler) else { return nil }
        var numbering = NodeNumbering(nodeCount: compiler.graph.nodeCount)
        let numbers = columnNodes.map { numbering.number(of: $0) }
        return numbering.nodes.count > most
            ? nil : .linkedNode(numbers: numbers, nodes: numbering.nodes, compiler.graph)
    }

    /// The slots a key part takes in the array of groups, one of `parts` parts: its dense codes
    /// (127 for a whole number beside another part) and one for null.
    private static func width(of part: ColumnKey, among parts: Int) -> Int {
        (part.isCentred && parts > 1 ? min(part.denseCodes, 127) : part.denseCodes) + 1
    }

    /// Two keys both numbered densely find their group in an array when it has at most this many slots.
    private static let densePairs = 1 << 16
    /// Two keys of `rows` rows find their group in an array of up to four slots a row too, at
    /// most 4 Mi slots (16 MiB): `count by actor, target` on a million incidents (20 actors, 20,000
    /// orgs) looked up each row's pair in a dictionary (520 ms).
    private static func densePairs(rows: Int) -> Int { max(densePairs, min(4 * rows, 1 << 22)) }
    /// One whole-number key finds its group in an array of at most this many slots (4 MiB).
    private static let denseNumbers = 1 << 20

    /// Groups by one or two stored properties (`by vector`, `by vector, phase`): one by its
    /// whole numbers (``NumberGroups``) or its codes from 0 (``CodeGroups``); two by their codes
    /// read a batch at a time, each row's group found in an array by its codes (a dictionary for
    /// codes too large for one), the key's values made once per group. Each group's key, and
    /// each row's group.
    static func assign(
        _ input: RowSet, byColumns parts: [ColumnKey], filter: Grouping.RowFilter?, context: EvaluationContext
    ) throws(Diagnostic) -> (keys: GroupKeys, groupOfRow: [Int32]) {
        if parts.count == 1, parts[0].isCentred {
            let groups = WholeNumberGroups(NumberGroups(mostSlots: min(denseNumbers, 4 * input.count)))
            return try assign(input, byOne: parts[0], in: groups, filter: filter, context: context)
        }
        if parts.count == 1 {
            let groups = CodeGroups(codes: parts[0].denseCodes)
            return try assign(input, byOne: parts[0], in: groups, filter: filter, context: context)
        }
        var keys: [[Value]] = []
        var groupOfRow = [Int32](repeating: Self.leftOut, count: input.count)
        // A part's slot: its code (less the part's base) when numbered densely, one more for
        // null; nil for a code out of range, whose key is then looked up in `sparse`. A centred
        // part's base is set by the first code met, so that years are dense as hours are.
        let widths = parts.map { width(of: $0, among: parts.count) }
        var bases = [Int64?](repeating: nil, count: parts.count)
        for (position, part) in parts.enumerated() where !part.isCentred { bases[position] = 0 }
        func slot(_ code: Int64?, _ part: Int) -> Int? {
            let width = widths[part]
            guard let code else { return width - 1 }
            if bases[part] == nil { bases[part] = code.subtractingReportingOverflow(Int64(width / 2)).partialValue }
            let (offset, overflow) = code.subtractingReportingOverflow(bases[part] ?? 0)
            return !overflow && offset >= 0 && offset < width - 1 ? Int(offset) : nil
        }
        let denseSlots = widths.reduce(1, *)
        var dense = [Int32](
            repeating: Self.leftOut, count: denseSlots <= densePairs(rows: input.count) ? denseSlots : 0)
        // Keyed by the two codes: no array made per row looked up.
        var sparse = PairGroups()
        // Taken out of the array once: a part taken out for each new group copied its arrays.
        let (firstPart, secondPart) = (parts[0], parts[1])
        for start in stride(from: 0, to: input.count, by: RowBatches.size) {
            try context.checkCancelled()
            let batch = RowBatches.batch(of: input, at: start, in: context.graph)
            let kept = try keptRows(of: batch, filter, input)
            let codes = parts.map { $0.codes(in: batch) }
            let (first, second) = (codes[0], codes[1])
            groupOfRow.withUnsafeMutableBufferPointer { groupOfRow in
                for offset in batch.nodes.indices where kept?[offset] ?? true {
                    let pair = CodePair(first: first.number(at: offset), second: second.number(at: offset))
                    var position: Int?
                    if let a = slot(pair.first, 0), let b = slot(pair.second, 1), !dense.isEmpty {
                        position = a * widths[1] + b
                    }
                    var group = position.map { dense[$0] } ?? sparse[pair]
                    if group == Self.leftOut {
                        group = Int32(keys.count)
                        keys.append([
                            firstPart.value(code: pair.first, at: offset, of: batch),
                            secondPart.value(code: pair.second, at: offset, of: batch),
                        ])
                        if let position { dense[position] = group } else { sparse.add(pair, group: group) }
                    }
                    groupOfRow[start + offset] = group
                }
            }
        }
        return (GroupKeys(keys, parts: 2), groupOfRow)
    }

    /// Groups by three or more key parts (`distinct actor, phase, vector`): by the first
    /// two as ``assign(_:byColumns:filter:context:)`` does, then by the groups so far and the
    /// next part in turn, each pair finding its group in an array (or a dictionary) as two parts
    /// do, no key hashed as values. Groups are numbered in the order their first rows come, as
    /// in one pass. Each group's key, and each row's group.
    static func assign(
        _ input: RowSet, byEachColumnInTurn parts: [ColumnKey], filter: Grouping.RowFilter?,
        context: EvaluationContext
    ) throws(Diagnostic) -> (keys: GroupKeys, groupOfRow: [Int32]) {
        var (keys, groupOfRow) = try assign(input, byColumns: Array(parts.prefix(2)), filter: filter, context: context)
        // The rows the filter left out stay out, and it is not tested again.
        let grouped = Grouping.RowFilter.mask(groupOfRow.map { $0 != leftOut }, failing: nil)
        for part in parts.dropFirst(2) {
            let before = ColumnKey.groups(numbers: groupOfRow, count: keys.count)
            let (pairs, groups) = try assign(input, byColumns: [before, part], filter: grouped, context: context)
            let earlier = keys
            keys = GroupKeys(parts: earlier.parts + 1)
            for pair in pairs.indices {
                // The first part of a pair is a group of the parts before, by number: a kept row is in one.
                guard case .int(let group) = pairs.value(0, of: pair) else {
                    keys.append(contentsOf: pairs[pair])
                    continue
                }
                keys.append(contentsOf: earlier[group] + [pairs.value(1, of: pair)])
            }
            groupOfRow = groups
        }
        return (keys, groupOfRow)
    }

    /// Whether each row of `batch` passes `filter`, tested in order (the first row it fails on
    /// gives its error before any group is made of the batch's rows); nil without one.
    private static func keptRows(of batch: RowBatch, _ filter: Grouping.RowFilter?, _ input: RowSet)
        throws(Diagnostic) -> [Bool]?
    {
        guard let filter else { return nil }
        var kept: [Bool] = []
        kept.reserveCapacity(batch.nodes.count)
        for offset in batch.nodes.indices { kept.append(try filter.keeps(batch.start + offset, of: input.rows)) }
        return kept
    }

    /// The codes of a row's two key parts (nil: null).
    private struct CodePair: Hashable {
        let first: Int64?
        let second: Int64?
    }

    /// The groups of pairs of codes: two codes that fit in 32 bits each (null as the least
    /// 32-bit number, which no such code is) packed into one whole number and found by it in a
    /// table of its own (``NumberGroups``), with no hashing by the standard library; any other
    /// pair in a dictionary.
    private struct PairGroups {
        private var packed = NumberGroups(mostSlots: 0)
        private var others: [CodePair: Int32] = [:]

        /// The group of `pair`; ``GroupAssignment/leftOut`` when it has none yet.
        subscript(pair: CodePair) -> Int32 {
            guard let number = Self.packed(pair) else { return others[pair] ?? GroupAssignment.leftOut }
            return packed[number]
        }

        /// Files `pair`, which has no group yet, under `group`.
        mutating func add(_ pair: CodePair, group: Int32) {
            if let number = Self.packed(pair) { packed.add(number, group: group) } else { others[pair] = group }
        }

        private static func packed(_ pair: CodePair) -> Int64? {
            func half(_ code: Int64?) -> UInt64? {
                guard let code else { return UInt64(UInt32(bitPattern: Int32.min)) }
                guard code > Int64(Int32.min), code <= Int64(Int32.max) else { return nil }
                return UInt64(UInt32(bitPattern: Int32(code)))
            }
            guard let first = half(pair.first), let second = half(pair.second) else { return nil }
            return Int64(bitPattern: first << 32 | second)
        }
    }

    /// Groups by one key (`by vector`, `by files_exfiltrated`, `by year(ts)`): its codes read a
    /// batch at a time, each row's group found by its code in `groups`, the key's value made
    /// once per group. Each group's key, and each row's group.
    private static func assign(
        _ input: RowSet, byOne part: ColumnKey, in groups: some KeyGroups, filter: Grouping.RowFilter?,
        context: EvaluationContext
    ) throws(Diagnostic) -> (keys: GroupKeys, groupOfRow: [Int32]) {
        var groups = groups
        var keys = GroupKeys(parts: 1)
        var groupOfRow = [Int32](repeating: Self.leftOut, count: input.count)
        for start in stride(from: 0, to: input.count, by: RowBatches.size) {
            try context.checkCancelled()
            let batch = RowBatches.batch(of: input, at: start, in: context.graph)
            let kept = try keptRows(of: batch, filter, input)
            let codes = part.codes(in: batch)
            groupOfRow.withUnsafeMutableBufferPointer { groupOfRow in
                for offset in batch.nodes.indices where kept?[offset] ?? true {
                    let code = codes.number(at: offset)
                    var group = groups.group(of: code)
                    if group == Self.leftOut {
                        group = Int32(keys.count)
                        keys.append(part.value(code: code, at: offset, of: batch))
                        groups.add(code, group: group)
                    }
                    groupOfRow[start + offset] = group
                }
            }
        }
        return (keys, groupOfRow)
    }
}
