import IncidentGraph
import PluginAPI
import QuerySyntax

/// The parts of a `match` worked out once per statement (``PatternMatcher``).
extension PatternMatcher {
    /// Bindings of the pattern variables, `width` node numbers each (-1: not bound), kept in
    /// one array.
    struct Bindings {
        let width: Int
        /// Every binding's numbers, one binding after the other.
        private(set) var numbers: [Int32] = []
        /// How many bindings there are.
        private(set) var count = 0

        init(width: Int) {
            self.width = width
        }

        /// `count` bindings already laid out one after the other, `width` numbers each.
        init(width: Int, numbers: [Int32], count: Int) {
            (self.width, self.numbers, self.count) = (width, numbers, count)
        }

        subscript(index: Int) -> [Int32] { Array(numbers[index * width..<(index + 1) * width]) }

        mutating func append(_ binding: some Collection<Int32>) {
            numbers.append(contentsOf: binding)
            count += 1
        }

        /// Appends binding `index` of `other` (of the same width), with `variable` bound to
        /// `node` when there is one.
        mutating func append(_ other: Bindings, _ index: Int, setting variable: Int?, to node: Int32) {
            let start = numbers.count
            for position in index * width..<(index + 1) * width { numbers.append(other.numbers[position]) }
            if let variable { numbers[start + variable] = node }
            count += 1
        }

        /// Appends, for each pair of `rows` and `nodes`, binding `rows[n]` of `other` (of the
        /// same width) with `variable` bound to `nodes[n]` when there is one: a step of a
        /// pattern taken for many partial matches at once, written in one pass.
        mutating func append(
            _ other: Bindings, rows: some Collection<Int32>, setting variable: Int?, to nodes: [Int32]
        ) {
            let start = numbers.count
            numbers.append(contentsOf: repeatElement(-1, count: rows.count * width))
            let width = width
            numbers.withUnsafeMutableBufferPointer { numbers in
                other.numbers.withUnsafeBufferPointer { source in
                    for (pair, row) in rows.enumerated() {
                        let (to, from) = (start + pair * width, Int(row) * width)
                        for offset in 0..<width { numbers[to + offset] = source[from + offset] }
                        if let variable { numbers[to + variable] = nodes[pair] }
                    }
                }
            }
            count += rows.count
        }

        /// Makes room for `count` bindings in all.
        mutating func reserveCapacity(_ count: Int) {
            numbers.reserveCapacity(count * width)
        }

        /// The node binding `index` binds `variable` to (-1: none yet).
        func node(_ index: Int, _ variable: Int) -> Int32 { numbers[index * width + variable] }

        /// The node numbers of binding `index`, read in place.
        func numbers(of index: Int) -> ArraySlice<Int32> { numbers[index * width..<(index + 1) * width] }

        /// Something made of each binding, in order, read in place.
        func map<T>(_ transform: (ArraySlice<Int32>) -> T) -> [T] {
            (0..<count).map { transform(numbers(of: $0)) }
        }
    }

    /// What a node of a pattern must be: worked out once per pattern, tested on every node met.
    struct NodeTest {
        /// The position of its variable among the pattern variables.
        let variable: Int?
        /// Its kind's position in the schema.
        let kind: Int?
        let kindName: String?
        /// Each property it must have, with the value when it is written as a constant, and how
        /// it is read on a node.
        private(set) var properties: [(constraint: PropertyConstraint, value: Value?, read: (NodeID) -> Value)]
        /// The leading tests of the `match`'s `where` that read only this node's variable
        /// (``WherePushdown``): a node they find false for is no match.
        private(set) var whereTest: ExpressionCompiler.Compiled?
        /// By node number, whether each node passes the test (whatever the variables are bound
        /// to), worked out once over its kind's nodes when it has a kind and properties or a
        /// `where` test, and either it starts its pattern (its kind's nodes are all tried then) or
        /// all of it is worked out column by column; nil otherwise (each node reached is tested).
        private(set) var passing: [Bool]?
        /// How many nodes pass, when `passing` was worked out.
        private(set) var passingCount: Int?
        /// Whether the test asks nothing of a node but its kind (when it names one).
        var testsOnlyKind: Bool { passing == nil && whereTest == nil && properties.isEmpty }
        /// Whether a node passes only when this variable's part of the `match`'s `where` is true
        /// for it (worked out column by column, where nothing fails), the `where` being all
        /// parts of its variables: when every variable's test answers it, every match keeps it.
        private(set) var answersWhere = false

        init(_ pattern: NodePattern, variables: [String], matcher: PatternMatcher, startsPattern: Bool = false)
            throws(Diagnostic)
        {
            variable = pattern.variable.flatMap { variables.firstIndex(of: $0) }
            let pushed = variable.flatMap { matcher.pushed[$0] }
            whereTest = pushed?.test
            kindName = pattern.kind
            kind = pattern.kind.flatMap { matcher.graph.schema.kindPosition(of: $0) }
            let kind = kind
            properties = pattern.properties.map { constraint in
                let read = matcher.compiler.fieldReader(constraint.name)
                guard case .literal = constraint.value.kind else { return (constraint, nil, read) }
                let constant = try? matcher.compiler.value(of: constraint.value)
                return (
                    constraint, constant, PatternMatcher.stored(constraint.name, equal: constant, kind, matcher) ?? read
                )
            }
            if let kind, !properties.isEmpty || whereTest != nil {
                try findPassingNodes(
                    ofKind: kind, whereTestOnNode: pushed?.onNode, isWhole: matcher.pushedIsWhole,
                    nodeByNode: startsPattern, matcher)
            }
        }

        /// Works out `passing` over the nodes of the kind at `kind`. Column by column
        /// (``VectorCondition``) where they can be: the `where`'s tests, a node they find false
        /// for failing (or not true, when they are the whole `where`: `isWhole`), and the constant
        /// properties together, a node passing only when all of them are equal; the rest node
        /// by node, when `nodeByNode` allows (else `passing` stays nil).
        private mutating func findPassingNodes(
            ofKind kind: Int, whereTestOnNode: Expression?, isWhole: Bool, nodeByNode allowed: Bool,
            _ matcher: PatternMatcher
        ) throws(Diagnostic) {
            let graph = matcher.graph
            let nodes = graph.nodeNumbers(ofKindAt: kind)
            // The kind's rows, made once for either condition.
            var table: RowSet?
            func truths(_ condition: Expression?) throws(Diagnostic) -> [UInt8]? {
                guard let condition,
                    let vector = VectorCondition(
                        condition, compiler: matcher.compiler.reading([condition], onNodesOfKind: kind))
                else { return nil }
                let rows = table ?? RowSet.kindTable(kind, of: graph)
                table = rows
                return try vector.truths(rows, context: matcher.runner.context)
            }
            var whereTruths = try truths(whereTestOnNode)
            // A test the columns do not answer that cannot fail, on a kind of a few nodes: tried
            // on each of them once, not on each match a walk reaches (a million incidents' 20,000
            // orgs: 287 → 48 ms).
            if whereTruths == nil, isWhole, let whereTest, nodes.count <= Self.nodesTriedOneByOne {
                whereTruths = try Self.truths(of: whereTest, on: nodes, matcher)
            }
            let constantTruths = try truths(Self.allEqual(properties.filter { $0.value != nil }.map(\.constraint)))
            // The test without the parts worked out already: nothing left to test but the
            // kind, which the nodes have, when nothing else is left.
            var rest = self
            if whereTruths != nil { rest.whereTest = nil }
            if constantTruths != nil { rest.properties.removeAll { $0.value != nil } }
            let nodeByNode = rest.whereTest != nil || !rest.properties.isEmpty
            // Testing every node of a large kind one by one costs more than testing the few a
            // walk reaches.
            guard allowed || !nodeByNode else { return }
            answersWhere = whereTruths != nil && isWhole
            let failing = answersWhere ? Truth.unknown : Truth.no
            var passing = [Bool](repeating: false, count: graph.nodeCount)
            var count = 0
            for (row, node) in nodes.enumerated() {
                if row % 4096 == 0 { try matcher.runner.context.checkCancelled() }
                if let whereTruths, whereTruths[row] <= failing { continue }
                if let constantTruths, constantTruths[row] != Truth.yes { continue }
                if nodeByNode, !matcher.passes(rest, NodeID(index: Int(node))) { continue }
                passing[Int(node)] = true
                count += 1
            }
            (self.passing, passingCount) = (passing, count)
        }

        /// Most nodes of a kind a test no column reads is tried on one by one, for all of them
        /// (a few milliseconds).
        private static let nodesTriedOneByOne = 1 << 16

        /// Whether `test` is true, false or null for each of `nodes`; nil when it fails on one.
        private static func truths(
            of test: ExpressionCompiler.Compiled, on nodes: [Int32], _ matcher: PatternMatcher
        ) throws(Diagnostic) -> [UInt8]? {
            var truths: [UInt8] = []
            truths.reserveCapacity(nodes.count)
            for (row, node) in nodes.enumerated() {
                if row % 4096 == 0 { try matcher.runner.context.checkCancelled() }
                switch try? test(Row(node: NodeID(index: Int(node)), values: [])) {
                case .bool(true)?: truths.append(Truth.yes)
                case .bool(false)?: truths.append(Truth.no)
                case .null?: truths.append(Truth.unknown)
                default: return nil
                }
            }
            return truths
        }

        /// `name == value and …` for each constraint; nil for none.
        private static func allEqual(_ constraints: [PropertyConstraint]) -> Expression? {
            constraints.map { constraint in
                let span = constraint.value.span
                return Expression(.binary(.equal, Expression(.name(constraint.name), span), constraint.value), span)
            }.reduce(nil) { all, test in all.map { Expression(.binary(.and, $0, test), test.span) } ?? test }
        }
    }

    /// For a property of the pattern's kind stored as text or a whole number and a constant of
    /// its type: a reader that gives `constant` when the node's stored value equals it, and
    /// null otherwise, comparing the stored text or number with no value made.
    fileprivate static func stored(_ name: String, equal constant: Value?, _ kind: Int?, _ matcher: PatternMatcher)
        -> ((NodeID) -> Value)?
    {
        guard let constant, let kind, let reader = matcher.compiler.directProperty(name), reader.kindPosition == kind
        else { return nil }
        if reader.type == .string, case .string(let text) = constant {
            return { node in reader.text(of: node, equals: text) == true ? constant : .null }
        }
        guard let key = ExpressionCompiler.integerKey(constant, comparedWith: reader.type, ordering: false) else {
            return nil
        }
        return { node in reader.integer(of: node) == key ? constant : .null }
    }

    /// A step of a pattern: the edge followed and the test of the node reached.
    /// A class: a match passes its steps down the walk once per node met, and copying one
    /// is then a single reference count, not one per part of its node test.
    final class Step {
        let direction: Direction
        let label: String?
        let labelPosition: Int?
        let hops: ClosedRange<Int>
        let node: NodeTest
        /// Whether every node a step along its label reaches passes its node test: the schema
        /// lets the label reach only the test's kind, and the test asks nothing else.
        let reachesOnlyPassingNodes: Bool

        convenience init(_ step: PatternStep, variables: [String], matcher: PatternMatcher) throws(Diagnostic) {
            let direction: Direction = step.edge.direction == .out ? .out : step.edge.direction == .in ? .in : .both
            try self.init(
                direction: direction, label: step.edge.label, hops: step.edge.hops,
                node: NodeTest(step.node, variables: variables, matcher: matcher), schema: matcher.graph.schema)
        }

        private init(direction: Direction, label: String?, hops: ClosedRange<Int>, node: NodeTest, schema: Schema) {
            (self.direction, self.label, self.hops, self.node) = (direction, label, hops, node)
            labelPosition = label.flatMap { schema.labelPosition(of: $0) }
            let edge = label.flatMap { schema.edgeLabel(named: $0) }
            let ends = (direction == .out ? [] : edge?.from ?? []) + (direction == .in ? [] : edge?.to ?? [])
            reachesOnlyPassingNodes =
                node.testsOnlyKind && edge != nil
                && node.kindName.map { kind in ends.allSatisfy { $0 == kind } } ?? true
        }

        /// The same edge followed the other way, to `node`, with the labels and kinds of `schema`.
        func backwards(to node: NodeTest, in schema: Schema) -> Step {
            let reversed: Direction = direction == .out ? .in : direction == .in ? .out : .both
            return Step(direction: reversed, label: label, hops: hops, node: node, schema: schema)
        }
    }
}
