import IncidentGraph
import PluginAPI
import QuerySyntax

/// `where lower(lure.subject) contains "taiwan"`, `where lure.language == "ja"`: a condition
/// that reads the row only through one link chain has one truth per node the chain reaches.
/// It is rewritten to read that node's own properties (`lower(subject) contains "taiwan"`),
/// worked out once for each node reached, in node order — column by column when
/// ``VectorCondition`` takes it — and then read for each row: a lure used by three incidents
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
            let reach = compiler.compileLinkChain(chain), let own = compiler.relative(condition, to: chain)
        else { return nil }
        let graph = context.graph
        var reached = [Bool](repeating: false, count: graph.nodeCount)
        var targets: [Int32] = []
        targets.reserveCapacity(input.count)
        for row in input.rows {
            let target = reach(row)
            if let target { reached[target.index] = true }
            targets.append(target.map { Int32($0.index) } ?? -1)
        }
        let nodes = RowSet.nodes(reached.indices.filter { reached[$0] }.map(NodeID.init(index:)))
        let (truths, failures) = try nodeTruths(own, of: nodes, variables: variables, at: condition.span)
        var truthOfNode = [Bool](repeating: false, count: graph.nodeCount)
        for (row, truth) in zip(nodes.rows, truths) { if let node = row.node { truthOfNode[node.index] = truth } }
        // Rows that reach no node all read nulls: one truth for them all, worked out when first met.
        var unreached: Result<Bool, Diagnostic>?
        let test = compiler.compile(condition)
        let semantics = Semantics(context: context)
        var matches: [Bool] = []
        matches.reserveCapacity(input.count)
        for (index, target) in targets.enumerated() {
            if target >= 0 {
                if let failure = failures[Int(target)] { return .mask(matches, failing: (index, failure)) }
                matches.append(truthOfNode[Int(target)])
                continue
            }
            let truth =
                unreached
                ?? Result { () throws(Diagnostic) in
                    try semantics.truth(try test(input.rows[index]), at: condition.span) == true
                }
            unreached = truth
            switch truth {
            case .success(let holds): matches.append(holds)
            case .failure(let failure): return .mask(matches, failing: (index, failure))
            }
        }
        return .mask(matches, failing: nil)
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
            let kind: Expression.Kind
            switch expression.kind {
            case .member(let base, let name) where base.dottedName == chain.dottedName:
                guard variables[name] == nil else { return nil }
                kind = .name(name)
            case .binary(let op, let left, let right):
                guard let left = rewrite(left), let right = rewrite(right) else { return nil }
                kind = .binary(op, left, right)
            case .unary(let op, let operand):
                guard let operand = rewrite(operand) else { return nil }
                kind = .unary(op, operand)
            case .isNull(let operand, let negated):
                guard let operand = rewrite(operand) else { return nil }
                kind = .isNull(operand, negated: negated)
            case .call(let name, let arguments):
                var rewritten: [Expression] = []
                for argument in arguments {
                    guard let argument = rewrite(argument) else { return nil }
                    rewritten.append(argument)
                }
                kind = .call(name, rewritten)
            default:
                kind = expression.kind
            }
            return Expression(kind, expression.span)
        }
        return rewrite(expression)
    }
}
