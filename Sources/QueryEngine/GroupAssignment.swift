import IncidentGraph
import PluginAPI
import QuerySyntax

/// Which group each row falls in, and each group's key values, in order of first appearance.
///
/// Keys of one or two parts that are whole numbers, nodes or text properties (`hour(ts)`,
/// `target`, `vector`) are packed into one integer and hashed as such — a key of one node or
/// one text property is not even hashed: its number indexes an array of groups; links are
/// followed as node numbers, texts read as their numbers (``TextCodes``), and either made into
/// values only once per group. Any other key is hashed as values.
struct GroupAssignment {
    /// Each group's key values.
    private(set) var keys = GroupKeys(parts: 0)
    /// The group of each input row (``leftOut`` for a row the filter rejected).
    private(set) var groupOfRow: [Int32] = []

    /// The group of a row left out by the filter.
    static let leftOut: Int32 = -1

    /// Two key parts both below this are looked up in an array, as one part below its square is.
    private static let smallNumbers = 64

    /// Number of groups.
    var count: Int { keys.count }

    /// How many rows each group has (``Tallies``).
    var rowsPerGroup: [Int] { Self.rowsPerGroup(groupOfRow, groups: count) }

    /// How many rows of `groupOfRow` each of `count` groups has (rows ``leftOut`` in none).
    static func rowsPerGroup(_ groupOfRow: [Int32], groups count: Int) -> [Int] {
        groupOfRow.withUnsafeBufferPointer { groupOfRow in
            Tallies.counts(ofEach: count, among: groupOfRow.count) { Int(groupOfRow[$0]) }
        }
    }

    /// How many rows of `groupOfRow` are in a group (not ``leftOut``, nor any other negative
    /// number): the rows less those whose sign bit is set, added with no branch and no check
    /// per row, so that the loop is done several rows at a time (in 32 bits: rows are numbered
    /// in 32).
    static func rowsGrouped(_ groupOfRow: [Int32]) -> Int {
        groupOfRow.withUnsafeBufferPointer { groupOfRow in
            groupOfRow.count - Int(groupOfRow.reduce(0 as UInt32) { $0 &+ UInt32(bitPattern: $1) &>> 31 })
        }
    }

    init(
        _ input: RowSet, by groups: [Expression], filter: Grouping.RowFilter?, compiler: ExpressionCompiler,
        context: EvaluationContext
    ) throws(Diagnostic) {
        // No row passes a filter worked out beforehand: no group, and no key read.
        if let mask = filter?.workedOutMask, !mask.contains(true) {
            keys = GroupKeys(parts: groups.count)
            groupOfRow = Array(repeating: Self.leftOut, count: input.count)
            return
        }
        if groups.count == 1, let source = NodeSource(groups[0], input, compiler),
            try assign(input, from: source, filter: filter, context: context)
        {
            return
        }
        // `by id`: one node has an id, and no other has it; grouped by the rows' nodes.
        if groups.count == 1, input.carriesNodes, case .name(let name) = groups[0].kind, compiler.readsID(name),
            try assign(input, from: .rowNode, filter: filter, context: context, value: { .string($0.id) })
        {
            return
        }
        // A link chain from a column of nodes (`i.actor` after a `match`): grouped by the nodes
        // reached, as node numbers.
        if groups.count == 1, let source = NodeSource(groups[0], input, compiler), source.column != nil,
            !source.hops.isEmpty, try assign(input, from: source, filter: filter, context: context)
        {
            return
        }
        if groups.count == 1, case .member(let base, let name) = groups[0].kind,
            let source = NodeSource(base, input, compiler),
            let (codes, reader) = Self.text(name, reachedBy: base, compiler),
            try assign(input, from: source, text: codes, reader, filter: filter, context: context)
        {
            return
        }
        // A property of a `match` variable's nodes (`i.phase`, `o.name`), read from the matches'
        // numbers: as fast as grouping the nodes first for a kind with a few nodes, faster for
        // one with many (a group's values worked out from its first row cost as much as a few
        // hundred rows read from the column).
        if groups.count == 1, let key = Self.columnNodeKey(groups[0], input, compiler) {
            (keys, groupOfRow) = try Self.assign(input, byColumns: [key], filter: filter, context: context)
            return
        }
        // Properties of linked nodes (`lure.lang`; with other keys, of kinds with a few nodes
        // for each row: `actor.name, vector`): the rows grouped by the nodes, then the groups
        // merged by the properties, worked out once per group. And a key that reads one
        // property of the rows alone (`lower(vector)`, `round(files_exfiltrated / 10)`): the
        // rows grouped by the property, then merged by the key, worked out once per value (a
        // million incidents by `lower(vector)` 280 → 7 ms, by `trim(vector)` 1,620 → 7 ms).
        // And a key that reads only such properties and the nodes of link chains (`vector + "/" +
        // actor.name`): the rows grouped by them, then merged by the key.
        var regroups = false
        let byNodes = groups.flatMap { group in
            if let property = Self.propertyReadAlone(group, compiler, rows: input.count) {
                regroups = true
                return [property]
            }
            if let sources = Self.sourcesRead(by: group, compiler, context.graph, rows: input.count) {
                regroups = true
                return sources
            }
            guard case .member(let base, _) = group.kind, compiler.linkChainTargets(group) == nil,
                compiler.compileLinkChain(base) != nil
                    && (groups.count == 1
                        || Self.nodesReached(by: base, in: context.graph.schema, context.graph) * 4
                            <= input.count)
                    || groups.count == 1 && NodeSource(base, input, compiler) != nil
            else { return [group] }
            regroups = true
            return [base]
        }
        if regroups {
            self = try GroupAssignment(input, by: byNodes, filter: filter, compiler: compiler, context: context)
            try regroup(input, byValuesOf: groups.map(compiler.compile))
            return
        }
        var columnKeys: [ColumnKey] = []
        for group in groups {
            if let key = try Self.columnKey(group, input, compiler, context) { columnKeys.append(key) }
        }
        if groups.count == 2, columnKeys.count == 1 {
            columnKeys = try Self.columnKeys(linkBesideColumn: groups, input, compiler, context) ?? columnKeys
        }
        if (1...2).contains(groups.count), columnKeys.count == groups.count {
            (keys, groupOfRow) = try Self.assign(input, byColumns: columnKeys, filter: filter, context: context)
            return
        }
        if groups.count >= 2, let columnKeys = try Self.columnKeys(ofEach: groups, input, compiler, context) {
            (keys, groupOfRow) =
                groups.count == 2
                ? try Self.assign(input, byColumns: columnKeys, filter: filter, context: context)
                : try Self.assign(input, byEachColumnInTurn: columnKeys, filter: filter, context: context)
            return
        }
        let parts = groups.map { group -> KeyPart in
            if let chain = compiler.compileLinkChain(group) { return .node(chain) }
            if case .name(let name) = group.kind, let codes = compiler.directTextCodes(name),
                let reader = compiler.directProperty(name)
            {
                return .text(codes, reader)
            }
            if case .name(let name) = group.kind, let reader = compiler.directProperty(name), reader.type == .int {
                return .integer(reader)
            }
            if case .name(let name) = group.kind, compiler.readsBuiltIn(name) {
                return .builtIn(name, context.graph)
            }
            if case .call("date", _) = group.kind, context.state.functions["date"] == nil {
                return .dates(compiler.compile(group))
            }
            return .value(compiler.compile(group))
        }
        // Read once: taking a part out of the array on every row would copy its closure.
        guard let firstPart = parts.first else { return }  // callers always group by something
        let secondPart = parts.count > 1 ? parts[1] : firstPart
        var packedPositions: [Int64: Int32] = [:]
        var positions: [Key: Int32] = [:]
        // Keys numbered densely find their group in an array, without hashing: one node (when
        // the rows are many enough to be worth an array over the whole graph), one text, one
        // small whole number (a phase, a year, an hour) or two (weekday and hour).
        var slots = Self.smallNumbers * Self.smallNumbers
        if parts.count == 1, case .node = firstPart, input.count >= context.graph.nodeCount / 16 {
            slots = context.graph.nodeCount
        } else if parts.count == 1, case .text(let codes, _) = firstPart {
            slots = max(codes.count, slots)
        }
        var numberedPositions = [Int32](repeating: Self.leftOut, count: parts.count <= 2 ? slots : 0)
        keys = GroupKeys(parts: parts.count)
        groupOfRow.reserveCapacity(input.count)
        // Unwrapped once: binding it on every row would copy it.
        let (hasFilter, filter) = (filter != nil, filter ?? .mask([], failing: nil))
        // The last key looked up by its values or packed code, and its group.
        var previous: (key: Key?, packed: Int64?, group: Int32)?
        // One part's texts, found by their bytes until a text may equal another of other bytes.
        var texts: TextKeyGroups? = parts.count == 1 ? TextKeyGroups() : nil
        for (index, row) in input.rows.enumerated() {
            if index % 4096 == 0 { try context.checkCancelled() }
            if hasFilter, try !filter.keeps(index, of: input.rows) {
                groupOfRow.append(Self.leftOut)
                continue
            }
            // One or two parts are kept in locals: no array is made for a row that joins a group.
            var first: Part?
            var second: Part?
            var many: [Part] = []
            var packed: Int64?
            var numbered: Int?
            var key: Key?
            switch parts.count {
            case 1:
                let part = try firstPart.evaluate(row)
                if let code = part.code {
                    packed = Int64(code)
                    if code >= 0, Int(code) < numberedPositions.count { numbered = Int(code) }
                } else if case .string(let text)? = part.value, texts != nil {
                    let group =
                        UnicodeScalarsInNFC.surelyHold(text)
                        ? texts?.group(of: text) {
                            keys.append(.string(text))
                            return Int32(keys.count - 1)
                        } : nil
                    if let group {
                        groupOfRow.append(group)
                        continue
                    }
                    // From this text on, texts are found as values: those met so far too.
                    for (text, group) in texts?.groups ?? zip([], []) { positions[.one(.string(text))] = group }
                    texts = nil
                    key = .one(.string(text))
                } else {
                    key = .one(firstPart.keyValue(part, context))
                }
                first = part
            case 2:
                let (a, b) = (try firstPart.evaluate(row), try secondPart.evaluate(row))
                if let x = a.code, let y = b.code {
                    packed = Int64(x) << 32 | Int64(UInt32(bitPattern: y))
                    if (0..<Int32(Self.smallNumbers)).contains(x), (0..<Int32(Self.smallNumbers)).contains(y) {
                        numbered = Int(x) * Self.smallNumbers + Int(y)
                    }
                } else {
                    key = .two(firstPart.keyValue(a, context), secondPart.keyValue(b, context))
                }
                (first, second) = (a, b)
            default:
                for part in parts { many.append(try part.evaluate(row)) }
                key = .many(zip(parts, many).map { $0.keyValue($1, context) })
            }
            if let numbered, numberedPositions[numbered] != Self.leftOut {
                groupOfRow.append(numberedPositions[numbered])
            } else if let group = previous?.group,
                (key != nil && key == previous?.key)
                    || (packed != nil && packed == previous?.packed)
            {
                // The key of the row before (rows sorted or clustered by it): no hashing.
                groupOfRow.append(group)
            } else if numbered == nil,
                let group = packed.flatMap({ packedPositions[$0] }) ?? key.flatMap({ positions[$0] })
            {
                groupOfRow.append(group)
                previous = (key, packed, group)
            } else {
                let group = Int32(keys.count)
                if let numbered {
                    numberedPositions[numbered] = group
                } else if let packed {
                    packedPositions[packed] = group
                }
                if let key { positions[key] = group }
                if numbered == nil { previous = (key, packed, group) }
                let evaluated = parts.count <= 2 ? [first, second].compactMap { $0 } : many
                keys.append(contentsOf: zip(parts, evaluated).map { $0.keyValue($1, context) })
                groupOfRow.append(group)
            }
        }
    }

    /// Where a key's node comes from: the row's node or a column of nodes (a `match`
    /// variable), then the hops of a link chain (`target`, `target.sector`), followed as node
    /// numbers.
    struct NodeSource {
        /// The column holding the node; nil for the row's node.
        let column: Int?
        let hops: [LinkTargets]

        /// The row's own node.
        static let rowNode = NodeSource(column: nil, hops: [])

        private init(column: Int?, hops: [LinkTargets]) {
            (self.column, self.hops) = (column, hops)
        }

        /// The source of a key that is a link chain, a column (not a variable) of the rows, or a
        /// link chain from such a column (`i.actor`, `o.sector` after a `match`).
        init?(_ expression: Expression, _ input: RowSet, _ compiler: ExpressionCompiler) {
            if let hops = compiler.linkChainTargets(expression) {
                (column, self.hops) = (nil, hops)
            } else if case .name(let name) = expression.kind, !compiler.isVariable(name),
                let position = input.columns.firstIndex(of: name)
            {
                (column, hops) = (position, [])
            } else if case .member(let base, let name) = expression.kind,
                expression.dottedName.map(input.columns.contains) != true,
                let inner = NodeSource(base, input, compiler), inner.column != nil,
                let targets = compiler.linkTargets(name)
            {
                (column, hops) = (inner.column, inner.hops + [targets])
            } else {
                return nil
            }
        }
    }

    /// Groups by the nodes a source gives, as node numbers row by row with no closure and no
    /// value made: the key's value (the node, or `value` of its reference) is made once per
    /// group. False, and nothing changed, when a row holds something else than a node or
    /// nothing in the source's column (the general form then groups by its values).
    private mutating func assign(
        _ input: RowSet, from source: NodeSource, filter: Grouping.RowFilter?, context: EvaluationContext,
        value: (NodeReference) -> Value = Value.node
    ) throws(Diagnostic) -> Bool {
        let graph = context.graph
        // The reached node's number indexes an array when the rows are many (the last slot for
        // null); a dictionary otherwise, so that a few rows on a large graph allocate little.
        let dense = input.count >= graph.nodeCount / 16
        var slots = [Int32](repeating: Self.leftOut, count: dense ? graph.nodeCount + 1 : 0)
        var positions: [Int32: Int32] = [:]
        // Each group's node (-1: null), its value made after in a loop of its own, where the
        // reads of the nodes' ids (met in no order) overlap.
        var nodeOfGroup: [Int32] = []
        let groupOfRow = try Self.groups(of: input, from: source, filter: filter, context: context) { number in
            let known = dense ? slots[number < 0 ? graph.nodeCount : Int(number)] : positions[number] ?? Self.leftOut
            if known != Self.leftOut { return known }
            let group = Int32(nodeOfGroup.count)
            if dense { slots[number < 0 ? graph.nodeCount : Int(number)] = group } else { positions[number] = group }
            nodeOfGroup.append(number)
            return group
        }
        guard let groupOfRow else { return false }
        let values = nodeOfGroup.map { number -> Value in
            guard number >= 0 else { return .null }
            return value(NodeReference(node: NodeID(index: Int(number)), id: graph.id(of: NodeID(index: Int(number)))))
        }
        (self.keys, self.groupOfRow) = (GroupKeys(values: values), groupOfRow)
        return true
    }

    /// Groups by a text property of the node a source gives (`lure.lang`): the node found as
    /// its number and the text read as its number (``TextCodes``: equal numbers for equal
    /// texts) row by row, no value made but each group's first text. False, and nothing
    /// changed, when a row reaches a node of another kind than the property's (the general
    /// form then says what reading it there gives), or holds no node in the source's column.
    private mutating func assign(
        _ input: RowSet, from source: NodeSource, text codes: TextCodes, _ reader: PropertyReader,
        filter: Grouping.RowFilter?, context: EvaluationContext
    ) throws(Diagnostic) -> Bool {
        let graph = context.graph
        // The group of each text number; the last slot for null.
        var groupOfCode = [Int32](repeating: Self.leftOut, count: codes.count + 1)
        var keys = GroupKeys(parts: 1)
        let groupOfRow = try Self.groups(of: input, from: source, filter: filter, context: context) { number in
            let node = number < 0 ? nil : NodeID(index: Int(number))
            if let node, graph.kindIndex(of: node) != reader.kindPosition { return nil }
            let slot = node.flatMap(codes.code(of:)).map(Int.init) ?? codes.count
            if groupOfCode[slot] == Self.leftOut {
                groupOfCode[slot] = Int32(keys.count)
                keys.append(node.map(reader.value(of:)) ?? .null)
            }
            return groupOfCode[slot]
        }
        guard let groupOfRow else { return false }
        (self.keys, self.groupOfRow) = (keys, groupOfRow)
        return true
    }

    /// The group of each row of `input`: ``leftOut`` for a row the filter rejects, else the one
    /// `group` gives the number of the node the source gives for the row (-1: none); nil as
    /// soon as `group` gives nil, or a row holds something else than a node or nothing in the
    /// source's column.
    private static func groups(
        of input: RowSet, from source: NodeSource, filter: Grouping.RowFilter?, context: EvaluationContext,
        _ group: (Int32) -> Int32?
    ) throws(Diagnostic) -> [Int32]? {
        var groupOfRow: [Int32] = []
        groupOfRow.reserveCapacity(input.count)
        // Pattern matches not made into rows yet: the column's node numbers read as they are; a
        // kind's scan, or rows of nodes not made yet: the rows' own node numbers.
        let numbers =
            if let column = source.column {
                filter == nil ? input.unmadeNodeNumbers(ofColumn: column) : nil
            } else {
                input.kindTable.map(context.graph.nodeNumbers(ofKindAt:)) ?? input.unmadeNodes.map(Array.init)
            }
        if let numbers {
            for (index, var number) in numbers.enumerated() {
                if index % 4096 == 0 { try context.checkCancelled() }
                if let filter, try !filter.keeps(index, of: input.rows) {
                    groupOfRow.append(Self.leftOut)
                    continue
                }
                for hop in source.hops where number >= 0 { number = hop.target(ofNumber: number) }
                guard let found = group(number) else { return nil }
                groupOfRow.append(found)
            }
            return groupOfRow
        }
        let (hasFilter, filter) = (filter != nil, filter ?? .mask([], failing: nil))
        for index in input.rows.indices {
            if index % 4096 == 0 { try context.checkCancelled() }
            if hasFilter, try !filter.keeps(index, of: input.rows) {
                groupOfRow.append(Self.leftOut)
                continue
            }
            var number: Int32 = -1
            if let column = source.column {
                let values = input.rows[index].values
                switch column < values.count ? values[column] : .null {
                case .node(let reference): number = Int32(reference.node.index)
                case .null: break
                default: return nil
                }
            } else {
                number = input.rows[index].node.map { Int32($0.index) } ?? -1
            }
            for hop in source.hops where number >= 0 { number = hop.target(ofNumber: number) }
            guard let found = group(number) else { return nil }
            groupOfRow.append(found)
        }
        return groupOfRow
    }

    /// The text numbers and reader of the `string` property `name` on the nodes `base` gives:
    /// of the one kind that declares it, or else of the one kind among those the last link of
    /// `base` reaches that declares it (`target.name`: orgs', where actors and sectors have
    /// names too). Nodes of another kind make the caller group by values.
    private static func text(_ name: String, reachedBy base: Expression, _ compiler: ExpressionCompiler)
        -> (TextCodes, PropertyReader)?
    {
        if let codes = compiler.directTextCodes(name), let reader = compiler.directProperty(name) {
            return (codes, reader)
        }
        let graph = compiler.graph
        guard compiler.linkChainTargets(base) != nil, !graph.schema.links.contains(where: { $0.name == name }),
            !EvaluationContext.annotationNames.contains(name),
            let kinds = reachedKinds(by: base, in: graph.schema)?.filter({
                graph.propertyColumn(name, kindIndex: $0) != nil
            }),
            kinds.count == 1, let codes = graph.textCodes(name, kindIndex: kinds[0]),
            let reader = PropertyReader(graph, property: name, kindIndex: kinds[0])
        else { return nil }
        return (codes, reader)
    }

    /// The positions of the kinds the last link of a chain (`target.sector`: `sector`) may
    /// reach: those at the other end of its edges; nil for an expression that is no chain.
    private static func reachedKinds(by chain: Expression, in schema: Schema) -> [Int]? {
        let name: String
        switch chain.kind {
        case .name(let link), .member(_, let link): name = link
        default: return nil
        }
        var kinds = Set<String>()
        for link in schema.links where link.name == name {
            guard let label = schema.edgeLabel(named: link.label) else { continue }
            kinds.formUnion(link.direction == .in ? label.from : label.to)
        }
        return schema.kinds.indices.filter { kinds.contains(schema.kinds[$0].name) }
    }

    /// How many nodes the last link of a chain (`target.sector`: `sector`) may reach: the
    /// nodes of the kinds at the other end of its edges.
    private static func nodesReached(by chain: Expression, in schema: Schema, _ graph: IncidentGraph) -> Int {
        guard let kinds = reachedKinds(by: chain, in: schema) else { return graph.nodeCount }
        return kinds.reduce(0) { $0 + graph.nodeNumbers(ofKindAt: $1).count }
    }

    /// The property a group key that is no property itself reads, and nothing else of the row
    /// (`round(files_exfiltrated / 10)`, `lower(vector)`), when the key is none a column gives
    /// (``columnKey(_:_:)``: `year(ts)`, `files_exfiltrated % 7`) and the property an `int` or
    /// `bool` one of one kind, or a `string` one the key may be worked out once per text of
    /// (``ExpressionCompiler/textPropertyReadAlone(_:)``) whose texts are at most half as many
    /// as the `rows` (a text of its own for each lure's subject gains nothing): rows with the
    /// same value give the key the same value, or the same error. Nil for anything else.
    private static func propertyReadAlone(_ group: Expression, _ compiler: ExpressionCompiler, rows: Int)
        -> Expression?
    {
        if case .name = group.kind { return nil }
        guard columnKey(group, compiler) == nil, let names = compiler.namesRead(group), names.count == 1,
            let name = names.first, let reader = compiler.directProperty(name)
        else { return nil }
        switch reader.type {
        case .int, .bool: break
        case .string:
            guard let text = compiler.textPropertyReadAlone(group), text.codes.count <= rows / 2 else { return nil }
        default: return nil
        }
        return Expression(.name(name), group.span)
    }

    /// What a key that is no property or link chain itself reads, when it reads nothing else:
    /// `int` and `bool` properties, text properties whose numbers are identical texts with at
    /// most one for every two rows, and link chains, also through a property of the node they
    /// reach (`actor.name` reads `actor`), each reaching at most one node for every four rows —
    /// or else the text property itself, read as its numbers as the row's own are (`lure.lang`);
    /// joined by operators and the language's functions (not `any`, `all` or a `def`'d one).
    /// Rows that read the same give the key the same value or error. Nil for any other key.
    private static func sourcesRead(
        by group: Expression, _ compiler: ExpressionCompiler, _ graph: IncidentGraph, rows: Int
    ) -> [Expression]? {
        if case .name = group.kind { return nil }
        guard compiler.linkChainTargets(group) == nil, columnKey(group, compiler) == nil else { return nil }
        var sources: [String: Expression] = [:]
        func chain(_ expression: Expression) -> Bool {
            guard let name = expression.dottedName, compiler.linkChainTargets(expression) != nil,
                nodesReached(by: expression, in: graph.schema, graph) * 4 <= rows
            else { return false }
            sources[name] = expression
            return true
        }
        // A text property of the nodes a chain reaches (`lure.lang`), read as its numbers when
        // they are identical texts with at most one for every two rows, where the nodes are too
        // many to group by (a lure for every three incidents).
        func linkedText(_ expression: Expression, _ name: String, reachedBy base: Expression) -> Bool {
            guard let dotted = expression.dottedName, compiler.linkChainTargets(base) != nil,
                let (codes, _) = text(name, reachedBy: base, compiler), codes.numbersIdenticalTexts,
                codes.count <= rows / 2
            else { return false }
            sources[dotted] = expression
            return true
        }
        func reads(_ expression: Expression) -> Bool {
            switch expression.kind {
            case .literal, .node: return true
            case .name(let name):
                if chain(expression) { return true }
                guard !compiler.isVariable(name), let reader = compiler.directProperty(name) else { return false }
                switch reader.type {
                case .int, .bool: break
                case .string:
                    guard let codes = compiler.directTextCodes(name), codes.numbersIdenticalTexts,
                        codes.count <= rows / 2
                    else { return false }
                default: return false
                }
                sources[name] = expression
                return true
            case .member(let base, let name):
                guard expression.dottedName.map(compiler.columns.contains) != true else { return false }
                if compiler.linkChainTargets(expression) != nil { return chain(expression) }
                return chain(base) || linkedText(expression, name, reachedBy: base)
            case .binary(_, let left, let right), .index(let left, let right): return reads(left) && reads(right)
            case .unary(_, let operand), .isNull(let operand, _): return reads(operand)
            case .between(let subject, let low, let high): return reads(subject) && reads(low) && reads(high)
            case .list(let parts): return parts.allSatisfy(reads)
            case .call(let name, let arguments):
                // `coalesce(x)` of one, which gives `x`, is left to the general form, as ``Number``
                // leaves it: the tests compare each fast path with it.
                return compiler.semantics.context.state.functions[name] == nil && !["any", "all"].contains(name)
                    && !(name == "coalesce" && arguments.count == 1) && arguments.allSatisfy(reads)
            default: return false
            }
        }
        // A key that is a linked text itself is read so by the caller: it is no source of its own.
        guard reads(group), !sources.isEmpty, group.dottedName.map({ sources[$0] == nil }) ?? true else { return nil }
        return sources.keys.sorted().compactMap { sources[$0] }
    }

    /// Merges the groups whose rows give equal values of `keys`, each group's values worked out
    /// on its first row (every row of a group gives the same ones); the merged groups keep the
    /// order in which their rows first come.
    private mutating func regroup(_ input: RowSet, byValuesOf keys: [ExpressionCompiler.Compiled])
        throws(Diagnostic)
    {
        var firstRow = [Int](repeating: -1, count: self.keys.count)
        for (row, group) in groupOfRow.enumerated() where group != Self.leftOut && firstRow[Int(group)] < 0 {
            firstRow[Int(group)] = row
        }
        var merged = FirstMetNumbers<[Value]>()
        var mergedGroup = [Int32](repeating: Self.leftOut, count: self.keys.count)
        for (group, row) in firstRow.enumerated() {
            var values: [Value] = []
            for key in keys { values.append(try key(input.row(at: row))) }
            mergedGroup[group] = merged.number(of: values)
        }
        groupOfRow = groupOfRow.map { $0 == Self.leftOut ? Self.leftOut : mergedGroup[Int($0)] }
        self.keys = GroupKeys(merged.keys, parts: keys.count)
    }

    /// How one part of a key is read.
    private enum KeyPart {
        case node(ExpressionCompiler.NodeReader)
        /// A text property, read as its number; the reader makes the value of a new group.
        case text(TextCodes, PropertyReader)
        /// An `int` property, read from its column with no closure.
        case integer(PropertyReader)
        /// `date(…)`: a day, packed as its number (or null).
        case dates(ExpressionCompiler.Compiled)
        /// The node's `kind` or `provenance`, packed as the kind's position or the origin's;
        /// the value made once per group.
        case builtIn(String, IncidentGraph)
        case value(ExpressionCompiler.Compiled)

        func evaluate(_ row: Row) throws(Diagnostic) -> Part {
            switch self {
            case .node(let reader):
                guard let node = reader(row) else { return Part(code: Part.nullCode, value: .null, node: nil) }
                return Part(code: Int32(node.index), value: nil, node: node)
            case .text(let codes, _):
                let code = row.node.flatMap(codes.code(of:))
                return Part(code: code ?? Part.nullCode, value: code == nil ? .null : nil, node: row.node)
            case .integer(let reader):
                let value = row.node.flatMap(reader.integer(of:)).map { Value.int(Int($0)) } ?? .null
                return Part(code: Part.code(of: value), value: value, node: nil)
            case .builtIn(let name, let graph):
                guard let node = row.node else { return Part(code: Part.nullCode, value: .null, node: nil) }
                let code =
                    name == "kind"
                    ? graph.kindIndex(of: node) : Provenance.Origin.allCases.firstIndex(of: graph.origin(of: node)) ?? 0
                return Part(code: Int32(code), value: nil, node: node)
            case .dates(let compiled):
                let value = try compiled(row)
                guard case .date(let day) = value, day.daysSinceEpoch != Part.nullCode else {
                    return Part(code: Part.code(of: value), value: value, node: nil)
                }
                return Part(code: day.daysSinceEpoch, value: value, node: nil)
            case .value(let compiled):
                let value = try compiled(row)
                return Part(code: Part.code(of: value), value: value, node: nil)
            }
        }

        /// The value of a part of a row's key.
        func keyValue(_ part: Part, _ context: EvaluationContext) -> Value {
            if let value = part.value { return value }
            if case .builtIn(let name, let graph) = self { return part.node.map { graph.value(name, of: $0) } ?? .null }
            if case .text(_, let reader) = self { return part.node.map(reader.value(of:)) ?? .null }
            return part.node.map(context.value(of:)) ?? .null
        }
    }

    /// One part of one row's key: its value (or its node, or the node whose text it is), and
    /// its packed code when it has one.
    private struct Part {
        let code: Int32?
        let value: Value?
        let node: NodeID?

        /// A whole number in 32 bits (or null) as itself; nil for any other value.
        static func code(of value: Value) -> Int32? {
            switch value {
            case .null: nullCode
            case .int(let number) where number > Int(Int32.min) && number <= Int(Int32.max): Int32(number)
            default: nil
            }
        }

        /// The code of `null` (no whole number packed is `Int32.min`, and no node has that number).
        static let nullCode = Int32.min
    }

    /// A group key that could not be packed: the values themselves (one or two without an
    /// array). A given key is always either packed or not.
    private enum Key: Hashable {
        case one(Value)
        case two(Value, Value)
        case many([Value])
    }
}
