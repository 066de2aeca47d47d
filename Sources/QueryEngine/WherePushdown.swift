import IncidentGraph
import QuerySyntax

/// `match (i:incident)-[:used_lure]->(l:lure) where i.phase == 3 and l.lang == "ja" and …`: the
/// `where`'s leading tests that each read only one variable are tried on that variable's
/// candidates as the pattern is matched, read from the node itself (`phase == 3`, `lang ==
/// "ja"`), and a node one finds false for is no match. Rows so left out are the rows the
/// `where` drops having tried those tests and found one false; a node a test finds null or
/// fails on is kept, and the whole `where` still tests every match, unless every one of its
/// tests was so tried and none can fail.
///
/// A test is tried first only when every test before it reads one variable and cannot fail
/// (``VectorCondition`` takes it): the `where` tries its tests in order and stops at the first
/// false one, so a match left out by a later test would not have failed on an earlier one.
extension ExpressionCompiler {
    /// One variable's tests of a `match`'s `where`, joined with `and`, as they read its node's
    /// own properties: `onNode`, and compiled to run on a node's row, `test`.
    struct PushedTest {
        let test: Compiled
        let onNode: Expression
    }

    /// The leading tests of `condition` (its `and`s, left to right) that are tried on the nodes
    /// of one variable each, by the variable's position among `variables`; `isWhole` when they
    /// are all of its tests and none can fail, so that a node they do not find true for is no
    /// match.
    func pushedTests(of condition: Expression, onOneOf variables: [String])
        -> (tests: [Int: PushedTest], isWhole: Bool)
    {
        let tests = Self.conjuncts(of: condition)
        var onNodes: [Int: Expression] = [:]
        var tried = 0
        var canFail = false
        for test in tests {
            guard !canFail, let (variable, onNode) = oneVariableTest(test, onOneOf: variables) else { break }
            onNodes[variable] = onNodes[variable].map { Expression(.binary(.and, $0, onNode), onNode.span) } ?? onNode
            tried += 1
            canFail = VectorCondition(onNode, compiler: self) == nil && !comparesTextWithText(onNode)
        }
        return (
            onNodes.mapValues { PushedTest(test: compile($0), onNode: $0) },
            !onNodes.isEmpty && tried == tests.count && !canFail
        )
    }

    /// Whether `test` compares a text property with a text (`name contains "1"`, `name < "m"`),
    /// which cannot fail on a node of any kind: each kind that declares the property declares it
    /// a text, and a node with none gives null. For a property several kinds declare (`name`),
    /// which ``VectorCondition`` does not take.
    private func comparesTextWithText(_ test: Expression) -> Bool {
        let textTests: [BinaryOperator] = [
            .contains, .startsWith, .endsWith, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual,
        ]
        guard case .binary(let op, let left, let right) = test.kind, textTests.contains(op) else { return false }
        for (name, other) in [(left, right), (right, left)] {
            guard case .name(let property) = name.kind, case .literal(.string) = other.kind, !isVariable(property),
                !columns.contains(property), !EvaluationContext.annotationNames.contains(property),
                !graph.schema.links.contains(where: { $0.name == property })
            else { continue }
            let declared = graph.schema.kinds.compactMap { $0.property(named: property) }
            return !declared.isEmpty && declared.allSatisfy { $0.type == .string }
        }
        return false
    }

    /// The tests `condition` joins with `and`, left to right (itself when it joins none).
    static func conjuncts(of condition: Expression) -> [Expression] {
        guard case .binary(.and, let left, let right) = condition.kind else { return [condition] }
        return conjuncts(of: left) + conjuncts(of: right)
    }

    /// `test` as it reads a node's own properties, with the position among `variables` of the
    /// one variable it reads; nil when it reads none or several, or anything but that
    /// variable's properties and constants.
    private func oneVariableTest(_ test: Expression, onOneOf variables: [String]) -> (Int, Expression)? {
        var read: String?
        func readsOneVariable(_ expression: Expression) -> Bool {
            switch expression.kind {
            case .literal, .node: return true
            case .name(let name): return !variables.contains(name) && isVariable(name)
            case .member(let base, _):
                guard case .name(let name) = base.kind, variables.contains(name), read == nil || read == name else {
                    return false
                }
                read = name
                return true
            case .binary(_, let left, let right): return readsOneVariable(left) && readsOneVariable(right)
            case .unary(_, let operand), .isNull(let operand, _): return readsOneVariable(operand)
            case .list(let elements): return elements.allSatisfy(readsOneVariable)
            case .call(let name, let arguments):
                guard semantics.context.state.functions[name] == nil, !["any", "all", "now"].contains(name) else {
                    return false
                }
                return arguments.allSatisfy(readsOneVariable)
            default: return false
            }
        }
        guard readsOneVariable(test), let read, let position = variables.firstIndex(of: read),
            let onNode = relative(test, to: Expression(.name(read), test.span))
        else { return nil }
        return (position, onNode)
    }
}
