import IncidentGraph
import PluginAPI
import QuerySyntax

/// `where lower(lure.subject) contains "taiwan"`, `where lure.language == "ja"`: a condition
/// that reads the row only through one link chain has one truth per node the chain reaches.
/// It is rewritten to read that node's own properties (`lower(subject) contains "taiwan"`),
/// worked out once for each node reached, in node order — column by column when
/// ``VectorCondition`` takes it, and then for every node of the kinds the chain leads to when
/// they are no more than the rows — and then read for each row: a lure used by three incidents
/// is tested once, and the lures' texts are read one after another.
extension QueryRunner {
    /// Rows below this go row by row (remembering each node's truth as it is met).
    static let chainConditionMinimumRows = 1024

    /// For each row of `input`, whether `condition` holds, as a filter that fails at the first
    /// row whose test fails, with that row's error (as row by row); nil when the condition does
    /// not read the row through one link chain.
    func chainConditionFilter(_ condition: Expression, _ input: RowSet, _ variables: [String: Value])
        throws(Diagnostic) -> Grouping.RowFilter?
    {
        let compiler = compiler(input, variables)
        guard input.count >= Self.chainConditionMinimumRows,
            case .chain(let chain) = compiler.dependence(condition),
            let hops = compiler.linkChainTargets(chain), let own = compiler.relative(condition, to: chain)
        else { return nil }
        let graph = context.graph
        // The node each row reaches (-1: none), followed as node numbers a batch at a time.
        var targets: [Int32] = []
        targets.reserveCapacity(input.count)
        try RowBatches.forEach(input, context: context) { batch in
            targets.append(contentsOf: Part.reached(through: hops, from: batch.nodes))
        }
        var failures: [Int: Diagnostic] = [:]
        var truthOfNode: [Bool]
        if let everyFarNode = try farKindTruths(own, through: chain, rows: input.count, variables) {
            truthOfNode = everyFarNode
        } else {
            var reached = [Bool](repeating: false, count: graph.nodeCount)
            for target in targets where target >= 0 { reached[Int(target)] = true }
            let reachedNodes = reached.indices.filter { reached[$0] }.map { Int32($0) }
            let nodes = RowSet.distinctNodes(numbered: reachedNodes)
            let truths: [Bool]
            (truths, failures) = try nodeTruths(own, of: nodes, variables: variables, at: condition.span)
            truthOfNode = [Bool](repeating: false, count: graph.nodeCount)
            for (node, truth) in zip(reachedNodes, truths) { truthOfNode[Int(node)] = truth }
        }
        // Rows that reach no node all read nulls: one truth for them all, worked out on the first.
        var unreached = false
        var failing: (row: Int, error: Diagnostic)?
        if let first = targets.firstIndex(of: -1) {
            do {
                let test = compiler.compile(condition)
                unreached =
                    try Semantics(context: context).truth(try test(input.row(at: first)), at: condition.span)
                    == true
            } catch {
                failing = (first, error)
            }
        }
        // The rows before the first whose test failed, as row by row.
        if !failures.isEmpty {
            for (row, target) in targets.enumerated() where row < failing?.row ?? .max && target >= 0 {
                if let failure = failures[Int(target)] {
                    failing = (row, failure)
                    break
                }
            }
        }
        let matches = targets[..<(failing?.row ?? targets.count)].map { $0 >= 0 ? truthOfNode[Int($0)] : unreached }
        return .mask(matches, failing: failing)
    }

    /// `own`'s truth for every node of the kinds the last link of `chain` may lead to (false for
    /// every other node), worked out column by column over each kind's table, where no test
    /// fails: a lure's theme compared for each of the kind's lures at once rather than for
    /// those the rows reach, found first. Nil when the condition is not taken so on one of the
    /// kinds, or they have more nodes than there are rows.
    private func farKindTruths(
        _ own: Expression, through chain: Expression, rows: Int, _ variables: [String: Value]
    ) throws(Diagnostic) -> [Bool]? {
        let schema = context.graph.schema
        let last: String
        switch chain.kind {
        case .name(let name), .member(_, let name): last = name
        default: return nil
        }
        var kinds: Set<Int> = []
        for link in schema.links where link.name == last {
            guard let label = schema.edgeLabel(named: link.label) else { return nil }
            for name in (link.direction != .in ? label.to : []) + (link.direction != .out ? label.from : []) {
                guard let position = schema.kindPosition(of: name) else { return nil }
                kinds.insert(position)
            }
        }
        let graph = context.graph
        guard !kinds.isEmpty, kinds.reduce(0, { $0 + graph.nodeNumbers(ofKindAt: $1).count }) <= rows else {
            return nil
        }
        var truthOfNode = [Bool](repeating: false, count: graph.nodeCount)
        for kind in kinds {
            let nodes = kindRows(kind)
            guard let vector = VectorCondition(own, compiler: compiler(nodes, variables)),
                let truths = try vector.matches(nodes, context: context)
            else { return nil }
            for (node, truth) in zip(graph.nodeNumbers(ofKindAt: kind), truths) where truth {
                truthOfNode[Int(node)] = true
            }
        }
        return truthOfNode
    }

    /// `condition` on each of `nodes`' rows, and the error of each node whose test failed.
    private func nodeTruths(_ condition: Expression, of nodes: RowSet, variables: [String: Value], at span: SourceSpan)
        throws(Diagnostic) -> (truths: [Bool], failures: [Int: Diagnostic])
    {
        let compiler = compiler(nodes, variables)
        if let vector = VectorCondition(condition, compiler: compiler),
            let mask = try vector.matches(nodes, context: context)
        {
            return (mask, [:])
        }
        let test = compiler.compile(condition)
        let semantics = Semantics(context: context)
        var truths: [Bool] = []
        var failures: [Int: Diagnostic] = [:]
        truths.reserveCapacity(nodes.rows.count)
        for (index, row) in nodes.rows.enumerated() {
            if index % 4096 == 0 { try context.checkCancelled() }
            do {
                truths.append(try semantics.truth(try test(row), at: span) == true)
            } catch {
                truths.append(false)
                if let node = row.node { failures[node.index] = error }
            }
        }
        return (truths, failures)
    }
}

extension ExpressionCompiler {
    /// `expression` read from the node `chain` reaches instead of from the row: each
    /// `chain.property` becomes `property`, keeping its place in the text for messages. Nil
    /// when a property so read would be taken for a `let` name.
    func relative(_ expression: Expression, to chain: Expression) -> Expression? {
        func rewrite(_ expression: Expression) -> Expression? {
            guard case .member(let base, let name) = expression.kind, base.dottedName == chain.dottedName else {
                return expression.replacingParts(rewrite)
            }
            guard variables[name] == nil else { return nil }
            return Expression(.name(name), expression.span)
        }
        return rewrite(expression)
    }
}
