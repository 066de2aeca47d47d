import IncidentGraph
import QuerySyntax

/// `match (i:incident)-[:used_lure]->(l:lure) where i.phase == 3 and …`: the `where`'s first
/// test reads only `i`, so it is tried on each candidate for `i` as the pattern is matched,
/// read from the node itself (`phase == 3`), and a node it finds false for is no match. Rows
/// so left out are the rows the `where` drops having tried that test first and found it false;
/// a node it finds null or fails on is kept, and the whole `where` still tests every match.
extension ExpressionCompiler {
    /// The first test of `condition` (the leftmost of its `and`s) as it reads a node's own
    /// properties, and compiled to run on a node's row, with the position of the one variable
    /// among `variables` it reads; nil when it reads none or several, or anything but that
    /// variable's properties and constants.
    func firstTest(of condition: Expression, onOneOf variables: [String])
        -> (variable: Int, test: Compiled, onNode: Expression)?
    {
        var first = condition
        while case .binary(.and, let left, _) = first.kind { first = left }
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
        guard readsOneVariable(first), let read, let position = variables.firstIndex(of: read),
            let relative = relative(first, to: Expression(.name(read), first.span))
        else { return nil }
        return (position, compile(relative), relative)
    }
}
