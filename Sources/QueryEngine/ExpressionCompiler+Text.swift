import IncidentGraph
import PluginAPI
import QuerySyntax

/// `lower(X) contains "think tank"` (and `starts with`, `ends with`, `==`) without lowering
/// the text of every row: the text is compared byte by byte with A–Z folded to a–z, which is
/// what `lower` does to ASCII. Lowering any other character gives no ASCII byte — except for
/// U+0130 (İ → i̇) and U+212A (Kelvin K → k), so text holding either goes the general way —
/// and so cannot make or break a match with an ASCII literal.
extension ExpressionCompiler {
    func lowercaseComparison(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, otherwise general: @escaping Compiled
    ) -> Compiled? {
        guard [.contains, .startsWith, .endsWith, .equal].contains(op),
            case .call("lower", let arguments) = left.kind, arguments.count == 1,
            semantics.context.state.functions["lower"] == nil,
            case .literal(.string(let literal)) = right.kind,
            literal.utf8.allSatisfy({ $0 < 0x80 }), literal == literal.lowercased()
        else { return nil }
        let subject = compileRow(arguments[0])
        let pattern = Array(literal.utf8)
        return { row throws(Diagnostic) in
            guard case .string(var text) = try subject(row),
                let found = text.withUTF8({ Self.asciiMatch($0, pattern, op) })
            else { return try general(row) }
            return .bool(found)
        }
    }

    /// Whether lowercase ASCII `pattern` matches `lower(text)`; nil when `text` holds a
    /// character that lowers to ASCII from beyond it.
    private static func asciiMatch(_ text: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], _ op: BinaryOperator)
        -> Bool?
    {
        func folded(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
        func matches(at start: Int) -> Bool {
            for offset in pattern.indices where folded(text[start + offset]) != pattern[offset] { return false }
            return true
        }
        // Eight bytes at a time while they are all ASCII, then byte by byte.
        var firstHigh = 0
        while firstHigh + 8 <= text.count,
            UnsafeRawPointer(text.baseAddress! + firstHigh).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
            firstHigh += 8
        }
        var ascii = true
        for index in firstHigh..<text.count where text[index] >= 0x80 {
            ascii = false
            let next = text.count > index + 1 ? text[index + 1] : 0
            if text[index] == 0xC4, next == 0xB0 { return nil }  // U+0130
            if text[index] == 0xE2, next == 0x84, text.count > index + 2, text[index + 2] == 0xAA { return nil }  // U+212A
        }
        guard pattern.count <= text.count else { return false }
        switch op {
        case .equal: return ascii && pattern.count == text.count && matches(at: 0)
        case .startsWith: return matches(at: 0)
        case .endsWith: return matches(at: text.count - pattern.count)
        default:
            guard let first = pattern.first else { return true }
            // Only where the first byte matches is the rest compared: a letter in either case
            // (`| 0x20` folds only its own capital onto it), anything else as it is.
            let letter = first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")
            for start in 0...(text.count - pattern.count) {
                let byte = text[start]
                if letter ? byte | 0x20 == first : byte == first, matches(at: start) { return true }
            }
            return false
        }
    }

    /// `X ~ "PATTERN"` where the pattern has texts no match can be without (``RegexLiterals``):
    /// a text that holds none of them is no match (and one that holds one of a plain pattern a
    /// match) without running the matcher; any other row, and a pattern that is refused, go the
    /// general way.
    func regexWithLiterals(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, otherwise general: @escaping Compiled
    ) -> Compiled? {
        guard op == .matches, case .literal(.string(let pattern)) = right.kind,
            case .success = semantics.context.regexes.expression(pattern),
            let literals = semantics.context.regexes.literals(pattern)
        else { return nil }
        let subject = compileRow(left)
        return { row throws(Diagnostic) in
            guard case .string(let text) = try subject(row), let found = literals.match(in: text) else {
                return try general(row)
            }
            return .bool(found)
        }
    }
}
