import IncidentGraph
import PluginAPI
import QuerySyntax

/// `lower(X) contains "think tank"` (and `starts with`, `ends with`, `==`; and `upper(X)` with
/// an upper-case literal) without changing the case of every row's text: the text is compared
/// byte by byte with A–Z folded to a–z (a–z to A–Z), which is what `lower` (`upper`) does to
/// ASCII. Changing the case of any other character gives no ASCII byte, so cannot make or break
/// a match with an ASCII literal — except, for `lower`, U+0130 (İ → i̇) and U+212A (Kelvin K →
/// k), and for `upper`, characters before U+3000 (ß → SS, ı → I, ſ → S…) and the ligatures from
/// U+FB00 (ﬁ → FI): text holding one goes the general way. Japanese text (from U+3000) does not.
extension ExpressionCompiler {
    func caseFoldedComparison(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, otherwise general: @escaping Compiled
    ) -> Compiled? {
        guard [.contains, .startsWith, .endsWith, .equal].contains(op),
            case .call(let function, let arguments) = left.kind, let fold = CaseFold(rawValue: function),
            arguments.count == 1, semantics.context.state.functions[function] == nil,
            case .literal(.string(let literal)) = right.kind,
            literal.utf8.allSatisfy({ $0 < 0x80 }), literal == fold.apply(literal)
        else { return nil }
        let subject = compileRow(arguments[0])
        let pattern = Array(literal.utf8)
        return { row throws(Diagnostic) in
            guard case .string(var text) = try subject(row),
                let found = text.withUTF8({ Self.asciiMatch($0, pattern, op, fold) })
            else { return try general(row) }
            return .bool(found)
        }
    }

    /// `lower` or `upper`.
    enum CaseFold: String {
        case lower, upper

        /// The function on a whole text.
        func apply(_ text: String) -> String { self == .lower ? text.lowercased() : text.uppercased() }

        /// The function on an ASCII byte.
        @inline(__always)
        func fold(_ byte: UInt8) -> UInt8 {
            switch self {
            case .lower: byte >= 65 && byte <= 90 ? byte + 32 : byte
            case .upper: byte >= 97 && byte <= 122 ? byte - 32 : byte
            }
        }

        /// Whether the character beyond ASCII starting at `index` of `text` may change case to
        /// ASCII.
        func mayGiveASCII(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
            let next = text.count > index + 1 ? text[index + 1] : 0
            switch self {
            case .lower:
                // U+0130, U+212A.
                return text[index] == 0xC4 && next == 0xB0
                    || text[index] == 0xE2 && next == 0x84 && text.count > index + 2 && text[index + 2] == 0xAA
            case .upper:
                // Below U+3000 (lead bytes up to E2, and E3 80 80 on), or U+FB00–U+FB4F (EF AC, EF AD).
                return text[index] < 0xE3 || text[index] == 0xEF && (next == 0xAC || next == 0xAD)
            }
        }
    }

    /// Whether ASCII `pattern` (already in the case `fold` gives) matches `fold` of `text`; nil
    /// when `text` holds a character that may change case to ASCII from beyond it.
    private static func asciiMatch(
        _ text: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], _ op: BinaryOperator, _ fold: CaseFold
    ) -> Bool? {
        func matches(at start: Int) -> Bool {
            for offset in pattern.indices where fold.fold(text[start + offset]) != pattern[offset] { return false }
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
        // Lead bytes only (continuation bytes are 80–BF): each character beyond ASCII once.
        for index in firstHigh..<text.count where text[index] >= 0xC0 {
            ascii = false
            if fold.mayGiveASCII(text, at: index) { return nil }
        }
        guard pattern.count <= text.count else { return false }
        switch op {
        case .equal: return ascii && pattern.count == text.count && matches(at: 0)
        case .startsWith: return matches(at: 0)
        case .endsWith: return matches(at: text.count - pattern.count)
        default:
            guard let first = pattern.first else { return true }
            // Only where the first byte matches is the rest compared: a letter in either case,
            // anything else as it is.
            let letter = (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")
            for start in 0...(text.count - pattern.count) {
                let byte = text[start]
                if letter ? byte | 0x20 == first | 0x20 : byte == first, matches(at: start) { return true }
            }
            return false
        }
    }

    /// `X ~ "PATTERN"` matched without ICU where the pattern's literal runs (``RegexLiterals``)
    /// or its automaton (``RegexAutomaton``) tell, on the text's bytes; any other row, and a
    /// pattern that is refused, go the general way.
    func regexWithoutICU(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, otherwise general: @escaping Compiled
    ) -> Compiled? {
        guard op == .matches, case .literal(.string(let pattern)) = right.kind,
            case .success = semantics.context.regexes.expression(pattern),
            let quick = semantics.context.regexes.quickMatch(pattern)
        else { return nil }
        let subject = compileRow(left)
        return { row throws(Diagnostic) in
            guard case .string(var text) = try subject(row), let found = text.withUTF8(quick.match(inUTF8:)) else {
                return try general(row)
            }
            return .bool(found)
        }
    }
}
