import IncidentGraph
import PluginAPI
import QuerySyntax

/// `lower(X) contains "think tank"` (and `starts with`, `ends with`, `==`) without lowering
/// the text of every row: ASCII text is compared byte by byte with A–Z folded to a–z, which is
/// what `lower` does to it; any other text goes the general way.
extension ExpressionCompiler {
    func lowercaseComparison(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, otherwise general: @escaping Compiled
    ) -> Compiled? {
        guard [.contains, .startsWith, .endsWith, .equal].contains(op),
            case .call("lower", let arguments) = left.kind, arguments.count == 1,
            evaluator.context.state.functions["lower"] == nil,
            case .literal(.string(let literal)) = right.kind,
            literal.utf8.allSatisfy({ $0 < 0x80 }), literal == literal.lowercased()
        else { return nil }
        let subject = compile(arguments[0])
        let pattern = Array(literal.utf8)
        return { row throws(Diagnostic) in
            guard case .string(var text) = try subject(row),
                let found = text.withUTF8({ Self.asciiMatch($0, pattern, op) })
            else { return try general(row) }
            return .bool(found)
        }
    }

    /// Whether lowercase ASCII `pattern` matches `text` ignoring ASCII case; nil when `text` is
    /// not ASCII.
    private static func asciiMatch(_ text: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], _ op: BinaryOperator)
        -> Bool?
    {
        func folded(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
        func matches(at start: Int) -> Bool {
            for offset in pattern.indices where folded(text[start + offset]) != pattern[offset] { return false }
            return true
        }
        guard text.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard pattern.count <= text.count else { return false }
        switch op {
        case .equal: return pattern.count == text.count && matches(at: 0)
        case .startsWith: return matches(at: 0)
        case .endsWith: return matches(at: text.count - pattern.count)
        default:
            guard !pattern.isEmpty else { return true }
            for start in 0...(text.count - pattern.count) where matches(at: start) { return true }
            return false
        }
    }
}
