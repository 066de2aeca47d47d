import IncidentGraph
import PluginAPI
import QuerySyntax
import Spelling

/// Applying stages to rows. Every stage keeps a defined order, so replays are byte-identical.
extension QueryRunner {
    /// Applies one stage; `grouping` (a `where` fused into this `count` or `summarize`, or the
    /// `count` after this `count by` or `distinct`) replaces the plain grouping of all input rows,
    /// and `keepingFirst` (``QueryPlan/Operator/keepsFirst``: a `take` after this `sort`, `where`
    /// or `skip`) keeps only the rows the stages after it keep; `distinctRows` (a `select` that a
    /// `distinct` follows) keeps only the distinct rows it would make.
    func apply(
        _ written: Stage, to input: RowSet, variables: [String: Value], grouping: Grouping? = nil,
        keepingFirst: Int? = nil, distinctRows: Bool = false
    ) throws(Diagnostic) -> RowSet {
        let stage = resolvingColumns(written, input.columns)
        var output = input
        // A verdict said under a table still holds for a part of its rows or columns; a new
        // table (a count, a chart, another plugin's) says its own.
        if !Self.keepsNotes(stage) { output.notes = [] }
        output.chart = nil
        switch stage.kind {
        case .filter(let condition):
            // With `keepingFirst` (a `take` after this `where`), rows are tested until that many pass.
            let keep = try rowFilter(condition, input, variables, enough: keepingFirst)
            if let mask = keep.workedOutMask, let nodes = bareNodeNumbers(of: input) {
                // Rows of nodes alone: the numbers of the nodes that pass are kept, no row copied.
                output.keepNodes(numbered: Self.picked(nodes, where: mask))
                break
            }
            let rows = input.rows
            var kept: [Row] = []
            if let mask = keep.workedOutMask {
                // Worked out beforehand: the rows are picked out in one pass, no test per row.
                kept.reserveCapacity(mask.count { $0 })
                for index in rows.indices where mask[index] { kept.append(rows[index]) }
            } else {
                for index in rows.indices {
                    if kept.count == keepingFirst { break }
                    if index % 4096 == 0 { try context.checkCancelled() }
                    if try keep.keeps(index, of: rows) { kept.append(rows[index]) }
                }
            }
            output.rows = kept
        case .select(let items) where distinctRows:
            output = try distinct(
                input, items.map(\.expression), named: items.map { $0.alias ?? text($0.expression.span) }, variables)
        case .select(let items), .extend(let items):
            let names = items.map { $0.alias ?? text($0.expression.span) }
            let compiled = items.map { compiler(input, variables, reading: [$0.expression]).compile($0.expression) }
            // `extend` of a column the table has replaces it in place; others are appended.
            let extending = stage.kind == .extend(items)
            let replaced = names.map { extending ? input.columns.firstIndex(of: $0) : nil }
            var rows: [Row] = []
            rows.reserveCapacity(input.count)
            for (index, row) in input.rows.enumerated() {
                if index % 4096 == 0 { try context.checkCancelled() }
                var values: [Value] = extending ? row.values : []
                for (item, position) in zip(compiled, replaced) {
                    let value = try item(row)
                    if let position { values[position] = value } else { values.append(value) }
                }
                rows.append(Row(from: row, values: values))
            }
            output.rows = rows
            // Each row made from the row at its place: what counted the rows one each still does.
            if input.computedFromEachRow, let tally = input.computedFrom { output.rest(eachRowOn: tally) }
            if extending {
                output.columns = input.columns + zip(names, replaced).filter { $0.1 == nil }.map(\.0)
            } else {
                output.columns = names
                output.carriesNodes = false
            }
        case .sort(let keys):
            if let keepingFirst {
                output.rows = try top(keepingFirst, input, keys, variables)
            } else {
                output.rows = try sorted(input, keys, variables)
            }
        case .take(let count):
            output.keepFirst(try rowCount(count, variables))
        case .skip(let count):
            let skipped = try rowCount(count, variables)
            let (end, overflow) = skipped.addingReportingOverflow(keepingFirst ?? .max)
            output.keepRows(at: skipped..<(overflow ? .max : end))
        case .top(let count, let key):
            output.rows = try top(try rowCount(count, variables), input, [key], variables)
        case .distinct(let expressions):
            if let grouping, grouping.countsGroups, !expressions.isEmpty {
                // Then `count`: the groups `count by` the same values finds, counted.
                output = try grouping.count(by: expressions.map { SelectItem(expression: $0, alias: nil) })
            } else {
                output = try distinct(input, expressions, variables)
            }
        case .count(let groups):
            output = try (grouping ?? Grouping(runner: self, input: input, variables: variables, first: keepingFirst))
                .count(by: groups)
        case .summarize(let aggregates, let groups):
            output = try (grouping ?? Grouping(runner: self, input: input, variables: variables, first: keepingFirst))
                .summarize(aggregates, by: groups)
        case .traverse(let direction, let label, let hops):
            output = try traverse(input, direction, label, hops, at: stage.span)
        case .named(let words, let arguments):
            output = try namedStage(words, arguments, input, variables, at: stage.span)
        case .path(let target, let via, let maximum):
            output = try paths(input, to: target, via: via, maximum: maximum, at: stage.span)
        case .heatmap(let x, let y):
            output = try heatmap(x, by: y, input, variables)
        case .chart(let shape, let group):
            output = try barChart(shape, by: group, input, variables, at: stage.span)
        case .timeline(let unit):
            output = try timeline(unit, input, at: stage.span)
        case .export:
            throw Diagnostic(
                code: .export, message: "`export` writes the final rows: it must be the last stage",
                span: stage.span, hint: "inside a def stage it cannot be: export after the stage instead")
        }
        guard output.count <= Self.maximumRows else {
            throw Diagnostic(
                code: .tooManyRows, message: "the result would have more than \(Self.maximumRows) rows",
                span: stage.span,
                hint: "filter earlier, or count instead of listing")
        }
        // A table made from nodes remembers what they were; a table made from a table, what
        // that one was made from.
        if output.carriesNodes {
            output.computedFrom = nil
        } else {
            output.isAggregate = output.isAggregate || input.isAggregate
        }
        if !output.carriesNodes, output.computedFrom == nil {
            // Rows that still stand for their nodes or edges (after `select`) are counted when
            // shown; a table made from them counts them now.
            let madeFromRows =
                output.rows.first.map { $0.node == nil && $0.edge == nil } ?? true
                ? ProvenanceTally.ofRows(input, in: context.graph) : nil
            output.computedFrom = madeFromRows ?? input.computedFrom
        }
        return output
    }

    /// The first `count` rows in sort order, without sorting them all: the same rows and order
    /// as `sort` then `take` (ties by input order, nulls last).
    func top(_ count: Int, _ input: RowSet, _ keys: [SortKey], _ variables: [String: Value]) throws(Diagnostic)
        -> [Row]
    {
        guard count > 0 else { return [] }
        guard count <= 1_000 else { return Array(try sorted(input, keys, variables).prefix(count)) }
        // The rows picked out are made alone when the rows are left to be made.
        if keys.count == 1, let positions = try firstPositions(count, of: input, by: keys[0], variables) {
            return positions.map(input.row(at:))
        }
        if keys.count > 1, let positions = try firstPositions(count, of: input, by: keys, variables) {
            return positions.map(input.row(at:))
        }
        if let integerKeys = try integerSortKeys(keys, input, variables) {
            return Self.firstPositions(count, by: integerKeys, count: input.count).map(input.row(at:))
        }
        let compiled = keys.map { compiler(input, variables, reading: [$0.expression]).compile($0.expression) }
        func precedes(_ a: (keys: [Value], order: Int), _ b: (keys: [Value], order: Int)) -> Bool {
            Self.precedes(a.keys, b.keys, by: keys) ?? (a.order < b.order)
        }
        // A first key of stored whole numbers followed by names (which cannot fail to read):
        // only rows whose first key ranks with the first `count` rows' can enter, and the other
        // keys are worked out for those alone.
        var candidates = Array(input.rows.indices)
        if keys.count > 1, keys.dropFirst().allSatisfy({ $0.expression.dottedName != nil }),
            let leading = try integerSortKeys(keys[0].expression, input, variables),
            let last = Self.firstPositions(count, by: [(leading, keys[0].descending)], count: leading.count).last
        {
            let descending = keys[0].descending
            candidates = candidates.filter { Self.precedes(leading[last], leading[$0], descending: descending) != true }
        }
        var first = FirstElements(limit: count, in: OrderBy(firstBefore: precedes))
        for order in candidates {
            if order % 4096 == 0 { try context.checkCancelled() }
            let row = input.rows[order]
            var values: [Value] = []
            for key in compiled { values.append(try key(row)) }
            let candidate = (keys: values, order: order)
            if let last = first.last, !precedes(candidate, last) { continue }
            first.offer(candidate)
        }
        return first.elements.map { input.rows[$0.order] }
    }

    /// The test of a `where` condition on each row of `input`: true keeps the row (null counts
    /// as false). Worked out for all rows at once, column by column, when ``VectorCondition``
    /// takes the condition, or once per linked node when it reads the row through one link.
    func rowFilter(_ condition: Expression, _ input: RowSet, _ variables: [String: Value], enough: Int? = nil)
        throws(Diagnostic) -> Grouping.RowFilter
    {
        let compiler = compiler(input, variables)
        if let vector = VectorCondition(condition, compiler: compiler.reading([condition], onRowsOf: input)),
            let mask = try vector.matches(input, context: context, enough: enough)
        {
            return .mask(mask, failing: nil)
        }
        if let filter = try chainConditionFilter(condition, input, variables) { return filter }
        let test = compiler.compile(condition)
        let semantics = Semantics(context: context)
        return .test { row throws(Diagnostic) in try semantics.truth(try test(row), at: condition.span) == true }
    }

    /// The numbers in `numbers` at the places `mask` marks, in order: each number is written
    /// after the last one picked and kept when marked, with no branch a processor could
    /// mispredict (two thirds of a million rows pass `phase in [1, 3]`, in no order). Copied
    /// to their own size when they fill less than half the room (a `let` keeps them).
    static func picked(_ numbers: ArraySlice<Int32>, where mask: [Bool]) -> [Int32] {
        // Read as the bytes they are stored as (0 or 1): tested as `Bool`s, the loop compiled
        // to a branch per number.
        mask.withUnsafeBytes { picked(numbers, $0) { Int($0) } }
    }

    /// The numbers in `numbers` at the places where a condition's truths are ``Truth/yes``, in
    /// order, picked as ``picked(_:where:)`` picks them: yes is 2 and the others are below it,
    /// so a truth shifted right once is 1 for yes alone (a comparison would compile to a branch).
    static func picked(_ numbers: ArraySlice<Int32>, whereYes truths: [UInt8]) -> [Int32] {
        truths.withUnsafeBytes { picked(numbers, $0) { Int($0 &>> 1) } }
    }

    /// The numbers at the places whose byte in `marks` `isKept` gives 1 for (0 for the others).
    @inline(__always)
    private static func picked(
        _ numbers: ArraySlice<Int32>, _ marks: UnsafeRawBufferPointer, _ isKept: (UInt8) -> Int
    ) -> [Int32] {
        let picked = numbers.withUnsafeBufferPointer { numbers in
            [Int32](unsafeUninitializedCapacity: numbers.count) { picked, count in
                var kept = 0
                for index in 0..<numbers.count {
                    picked[kept] = numbers[index]
                    kept &+= isKept(marks.load(fromByteOffset: index, as: UInt8.self))
                }
                count = kept
            }
        }
        return picked.count * 2 < picked.capacity ? Array(picked[...]) : picked
    }

    /// The number of each row's node when the rows stand for nodes and have no columns (a
    /// kind's scan, a traversal, a `where` on either), without making rows left to be made; nil
    /// for other rows.
    func bareNodeNumbers(of input: RowSet) -> ArraySlice<Int32>? {
        guard input.columns.isEmpty, input.carriesNodes else { return nil }
        if let kind = input.kindTable { return context.graph.nodeNumbers(ofKindAt: kind)[...] }
        return input.unmadeNodes
    }

    /// A compiler for expressions over the rows of `input`.
    func compiler(_ input: RowSet, _ variables: [String: Value]) -> ExpressionCompiler {
        compiler(columns: input.columns, variables)
    }

    /// A compiler for `expressions` over the rows of `input`, told the rows' kind where it may
    /// (``ExpressionCompiler/reading(_:onRowsOf:)``).
    func compiler(_ input: RowSet, _ variables: [String: Value], reading expressions: [Expression])
        -> ExpressionCompiler
    {
        compiler(input, variables).reading(expressions, onRowsOf: input)
    }

    /// A compiler for expressions over rows with `columns`; none for what reads no row (a
    /// stage's arguments, a bare expression).
    func compiler(columns: [String], _ variables: [String: Value]) -> ExpressionCompiler {
        ExpressionCompiler(semantics: Semantics(context: context), columns: columns, variables: variables)
    }

    func rowCount(_ expression: Expression, _ variables: [String: Value]) throws(Diagnostic) -> Int {
        let value = try compiler(columns: [], variables).value(of: expression)
        guard case .int(let count) = value, count >= 0 else {
            throw Diagnostic(
                code: .typeMismatch, message: "a row count must be a whole number of at least 0",
                span: expression.span)
        }
        return count
    }

    /// A stable sort; nulls last whichever the direction.
    private func sorted(_ input: RowSet, _ keys: [SortKey], _ variables: [String: Value]) throws(Diagnostic) -> [Row] {
        if let integerKeys = try integerSortKeys(keys, input, variables) {
            let rows = input.rows
            return Self.orderedPositions(by: integerKeys, count: input.count).map { rows[$0] }
        }
        let compiled = keys.map { compiler(input, variables, reading: [$0.expression]).compile($0.expression) }
        var decorated: [(row: Row, keys: [Value], order: Int)] = []
        decorated.reserveCapacity(input.count)
        for (order, row) in input.rows.enumerated() {
            if order % 4096 == 0 { try context.checkCancelled() }
            var values: [Value] = []
            for key in compiled { values.append(try key(row)) }
            decorated.append((row, values, order))
        }
        decorated.sort { a, b in Self.precedes(a.keys, b.keys, by: keys) ?? (a.order < b.order) }
        return decorated.map(\.row)
    }

    /// Whether a row with sort keys `a` comes before one with `b` (nulls last whichever the
    /// direction); nil when they tie.
    private static func precedes(_ a: [Value], _ b: [Value], by keys: [SortKey]) -> Bool? {
        for (index, key) in keys.enumerated() {
            let (x, y) = (a[index], b[index])
            if x.isNull != y.isNull { return y.isNull }
            let order = ValueOrder.sortOrder(x, y)
            if order != 0 { return key.descending ? order > 0 : order < 0 }
        }
        return nil
    }

    private func distinct(_ input: RowSet, _ expressions: [Expression], _ variables: [String: Value]) throws(Diagnostic)
        -> RowSet
    {
        if expressions.isEmpty, input.columns.isEmpty { return distinctNodes(input) }
        guard expressions.isEmpty else {
            return try distinct(input, expressions, named: expressions.map { text($0.span) }, variables)
        }
        guard input.carriesNodes else { return try distinctValues(input) }
        // Rows shown as their nodes with columns beside (after `extend`): each node's row once.
        var seen = Set<[Value]>()
        var rows: [Row] = []
        for (index, row) in input.rows.enumerated() {
            if index % 4096 == 0 { try context.checkCancelled() }
            if seen.insert(row.values + [row.node.map(context.value(of:)) ?? .null]).inserted { rows.append(row) }
        }
        return RowSet(columns: input.columns, rows: rows, carriesNodes: true)
    }

    /// The distinct values of `expressions` over the rows, in the order first met (the groups
    /// of `count by` them), as a table with a column `names` for each: each row stands for its
    /// group, and the table rests on all of the input's rows.
    private func distinct(
        _ input: RowSet, _ expressions: [Expression], named names: [String], _ variables: [String: Value]
    ) throws(Diagnostic) -> RowSet {
        let groups = try GroupAssignment(
            input, by: expressions, filter: nil, compiler: compiler(input, variables, reading: expressions),
            context: context)
        var table = RowSet(columns: names, rows: groups.keys.rows, carriesNodes: false)
        table.isAggregate = true
        return table
    }

    /// `distinct` on rows shown as their columns alone (after `select`, or a table): the rows
    /// whose values differ, in the order first met, as a table — the values are what the
    /// analyst sees, so two rows that show the same are one, whichever nodes they were
    /// selected from. Each row stands for the rows that show it, as a group of `count by`
    /// does, so the table rests on all of the input's rows.
    private func distinctValues(_ input: RowSet) throws(Diagnostic) -> RowSet {
        var seen = Set<[Value]>()
        var rows: [Row] = []
        for (index, row) in input.rows.enumerated() {
            if index % 4096 == 0 { try context.checkCancelled() }
            if seen.insert(row.values).inserted { rows.append(Row(node: nil, values: row.values)) }
        }
        var table = RowSet(columns: input.columns, rows: rows, carriesNodes: false)
        table.isAggregate = true
        return table
    }

    /// `distinct` on rows that are nodes and nothing else: each node once, by its number (rows
    /// without a node count as one), as the general way's keys of one node value each give.
    private func distinctNodes(_ input: RowSet) -> RowSet {
        if input.nodesAreDistinct {
            // The same rows, and what they are known to be; the rest as made below.
            var same = input
            (same.notes, same.chart, same.computedFrom, same.isAggregate) = ([], nil, nil, false)
            return same
        }
        var rows: [Row] = []
        var sawRowWithoutNode = false
        // An array over the graph's nodes when the rows are many, else a set of the few met.
        let dense = input.count * 16 >= context.graph.nodeCount
        var seenDense = dense ? [Bool](repeating: false, count: context.graph.nodeCount) : []
        var seenSparse = Set<Int>()
        for row in input.rows {
            guard let node = row.node else {
                if !sawRowWithoutNode { rows.append(row) }
                sawRowWithoutNode = true
                continue
            }
            if dense {
                guard !seenDense[node.index] else { continue }
                seenDense[node.index] = true
            } else {
                guard seenSparse.insert(node.index).inserted else { continue }
            }
            rows.append(row)
        }
        return RowSet(columns: input.columns, rows: rows, carriesNodes: input.carriesNodes)
    }

    /// Whether a stage only picks, orders or adds to the rows, so what was said under them holds.
    static func keepsNotes(_ stage: Stage) -> Bool {
        switch stage.kind {
        case .filter, .select, .extend, .sort, .take, .skip, .top, .export: true
        case .distinct(let expressions): expressions.isEmpty
        default: false
        }
    }

    /// `out|in|both [label] [*N..M]`: the nodes reached, each once, in graph order; with
    /// `*0..M` the starting nodes too.
    private func traverse(
        _ input: RowSet, _ direction: PatternDirection, _ label: String?, _ hops: ClosedRange<Int>, at span: SourceSpan
    ) throws(Diagnostic) -> RowSet {
        let graph = context.graph
        if let label, graph.schema.edgeLabel(named: label) == nil {
            throw Diagnostic(
                code: .unknownLabel, message: "unknown edge label `\(label)`", span: span,
                hint: Spelling.suggestion(for: label, among: graph.schema.edgeLabels.map(\.name)).map {
                    "did you mean `\($0)`?"
                }
                    ?? ":schema lists the edge labels")
        }
        let way: Direction = direction == .out ? .out : direction == .in ? .in : .both
        let labelPosition = label.flatMap { graph.schema.labelPosition(of: $0) }
        var visited = NodeMarks(count: graph.nodeCount)
        let neighbourhood = graph.neighbourhood()
        var frontier: [Int32] = []
        for row in input.rows {
            if let node = row.node, visited.insert(Int32(node.index)) { frontier.append(Int32(node.index)) }
        }
        // `*0..N` includes the starting nodes, zero hops away (as in Cypher). Each node is
        // reached once: a node is in one level only.
        var reached = hops.lowerBound == 0 ? frontier : []
        for step in 1...hops.upperBound {
            try context.checkCancelled()
            frontier = neighbourhood.nextLevel(
                after: frontier, direction: way, labelPosition: labelPosition, visited: &visited)
            if step >= hops.lowerBound { reached += frontier }
            if frontier.isEmpty { break }
        }
        // In node order: sorted when few, else read out of one mark per node.
        guard reached.count * 16 >= graph.nodeCount else { return .distinctNodes(numbered: reached.sorted()) }
        var marks = NodeMarks(count: graph.nodeCount)
        for node in reached { marks.insert(node) }
        return .distinctNodes(numbered: marks.numbers)
    }

    /// `path TARGET`: from each node, its shortest path to the target, one row per node.
    private func paths(
        _ input: RowSet, to target: Expression, via: [String], maximum: Int?, at span: SourceSpan
    ) throws(Diagnostic) -> RowSet {
        guard case .node(let goal) = try compiler(columns: [], [:]).value(of: target)
        else {
            throw Diagnostic(
                code: .typeMismatch, message: "the path's target must be a node, such as @mss", span: target.span)
        }
        var rows: [Row] = []
        var finder = PathFinder(runner: self)
        for row in input.rows {
            guard let start = row.node else { continue }
            let steps = try finder.shortestPath(
                from: start, to: goal.node, via: via, maximum: maximum ?? PathFinder.defaultMaximum, at: span)
            let route = steps.map { steps in
                steps.map { ($0.edge.map { $0 + " " } ?? "") + "@" + context.graph.id(of: $0.node) }.joined(
                    separator: " ")
            }
            rows.append(
                Row(
                    node: nil,
                    values: [
                        context.value(of: start), context.value(of: goal.node),
                        steps.map { .int($0.count - 1) } ?? .null,
                        route.map(Value.string) ?? .null,
                    ]))
        }
        return RowSet(columns: ["from", "to", "hops", "path"], rows: rows, carriesNodes: false)
    }
}
