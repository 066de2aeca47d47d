import IncidentGraph
import PluginAPI
import QuerySyntax

extension EdgeScan {
    /// `from.id starts with "inc-"`, `from.kind == "incident" and to.kind == "actor"`,
    /// `label == "used_lure" and to.lang == "ja"`: a condition made of parts that each read one
    /// end of each edge, and only through its properties, joined by `and`, `or` and `not` with
    /// each other and with parts that read only the edges' columns. Each part on an end is
    /// worked out for every node at once, column by column (``VectorCondition`` on `id starts
    /// with "inc-"`), then read per edge by its end's number; each part on the columns once per
    /// distinct value they hold (``KeyedTest``); the parts' truths are joined as the
    /// general form joins them;
    /// nil for any other condition, one whose parts the column-by-column form does not take or
    /// that fails on a node (the general form then says what it says), and while fewer edges
    /// are left than one per 64 nodes (fewer than that are worked out faster once per distinct
    /// end).
    func endNodeCondition(_ condition: Expression) throws(Diagnostic) -> EndCondition? {
        guard passingCount >= runner.context.graph.nodeCount / 64 else { return nil }
        return try endCondition(condition)
    }

    /// A condition on the edges' ends, part by part: each part's truths by node (``Truth``) and
    /// the end node numbers of every edge it reads them by.
    indirect enum EndCondition {
        case end(ends: [Int32], truths: [UInt8])
        /// A part that reads only the edges' columns: its truth by edge number.
        case columns(truths: [UInt8])
        case and(EndCondition, EndCondition)
        case or(EndCondition, EndCondition)
        case not(EndCondition)

        /// The truth for each of `edges` (each edge's number; all edges in order when nil), part
        /// by part over all of them (Kleene logic, as ``Truth`` orders truths).
        func truths(ofEdges edges: [Int32]?, count: Int) -> [UInt8] {
            switch self {
            case .end(let ends, let truths):
                return ends.withUnsafeBufferPointer { ends in
                    Self.each(count) { position in
                        truths[Int(ends[edges.map { Int($0[position]) } ?? position])]
                    }
                }
            case .columns(let truths):
                return Self.each(count) { position in truths[edges.map { Int($0[position]) } ?? position] }
            case .and(let left, let right):
                return Self.joined(left, right, edges, count, min)
            case .or(let left, let right):
                return Self.joined(left, right, edges, count, max)
            case .not(let operand):
                var truths = operand.truths(ofEdges: edges, count: count)
                for position in truths.indices { truths[position] = Truth.yes - truths[position] }
                return truths
            }
        }

        /// `count` truths, `truth` giving each by its position.
        private static func each(_ count: Int, _ truth: (Int) -> UInt8) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: count) { result, initialized in
                for position in 0..<count { result[position] = truth(position) }
                initialized = count
            }
        }

        /// Two parts' truths joined position by position.
        private static func joined(
            _ left: EndCondition, _ right: EndCondition, _ edges: [Int32]?, _ count: Int,
            _ join: (UInt8, UInt8) -> UInt8
        ) -> [UInt8] {
            var truths = left.truths(ofEdges: edges, count: count)
            let other = right.truths(ofEdges: edges, count: count)
            for position in truths.indices { truths[position] = join(truths[position], other[position]) }
            return truths
        }
    }

    /// The condition as parts on one end each (``endNodeCondition(_:)``): the whole of it when it
    /// reads one end, else its `and`, `or` or `not` of such parts and, within those, of parts
    /// on the columns alone (a condition on the columns alone is worked out as one); nil
    /// otherwise.
    private func endCondition(_ condition: Expression, within joined: Bool = false) throws(Diagnostic)
        -> EndCondition?
    {
        let graph = runner.context.graph
        for end in ["from", "to"] {
            var readsEnd = false
            guard let onNode = Self.onEndNode(condition, end: end, reads: &readsEnd), readsEnd else { continue }
            let nodes = RowSet.distinctNodes(numbered: Array(0..<Int32(graph.nodeCount)))
            guard let vector = VectorCondition(onNode, compiler: runner.compiler(nodes, [:])),
                let truths = try vector.truths(nodes, context: runner.context)
            else { return nil }
            return .end(ends: end == "from" ? edges.from : edges.to, truths: truths)
        }
        switch condition.kind {
        case .binary(.and, let left, let right):
            guard let left = try endCondition(left, within: true), let right = try endCondition(right, within: true)
            else { return nil }
            return .and(left, right)
        case .binary(.or, let left, let right):
            guard let left = try endCondition(left, within: true), let right = try endCondition(right, within: true)
            else { return nil }
            return .or(left, right)
        case .unary(.not, let operand):
            return try endCondition(operand, within: joined).map(EndCondition.not)
        default:
            guard joined, var keyed = try KeyedTest(condition, of: self) else { return nil }
            // By edge number; edges that did not pass are never read.
            var truths = [UInt8](repeating: Truth.no, count: edges.from.count)
            for position in 0..<keyed.count {
                if position % 65_536 == 0 { try runner.context.checkCancelled() }
                let truth = keyed.truth(at: position, in: self)
                if truth == Self.failure { return nil }
                truths[passing.map { Int($0[position]) } ?? position] = truth
            }
            return .columns(truths: truths)
        }
    }

    /// The condition on an edge's `end` written on its node: `end.name` read as `name`, the rest
    /// as it stands; nil when it reads a column (the end itself, another end, the label) or holds
    /// a function of its own (`x => …`), whose parameter may be named like the end. `reads` is
    /// set when it reads the end at all.
    private static func onEndNode(_ expression: Expression, end: String, reads: inout Bool) -> Expression? {
        switch expression.kind {
        case .name, .lambda:
            return nil
        case .member(let base, let name):
            guard case .name(end) = base.kind else { fallthrough }
            reads = true
            // Spanning the property's name, as a name written alone would.
            let span = expression.span
            return Expression(.name(name), SourceSpan(start: max(span.start, span.end - name.count), end: span.end))
        default:
            return expression.replacingParts { onEndNode($0, end: end, reads: &reads) }
        }
    }
}
