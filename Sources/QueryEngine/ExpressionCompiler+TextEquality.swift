import Foundation
import IncidentGraph
import QuerySyntax

/// `w == "Taiwan"`, `"ja" != lang`: a value compared for equality with a text literal, the
/// value's text compared with the literal's bytes, as ``ValueOrder`` compares texts (by their
/// scalars, which their UTF-8 bytes keep), with none of the general comparison's steps. A value
/// that is not a text (null, a node, a number: an error) goes the general way.
extension ExpressionCompiler {
    func textEquality(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, otherwise general: @escaping Compiled
    ) -> Compiled? {
        guard op == .equal || op == .notEqual else { return nil }
        let (subject, literal): (Expression, String)
        switch (left.kind, right.kind) {
        case (_, .literal(.string(let text))): (subject, literal) = (left, text)
        case (.literal(.string(let text)), _): (subject, literal) = (right, text)
        default: return nil
        }
        let compiled = compileRow(subject)
        let bytes = Array(literal.utf8)
        let equal = op == .equal
        return { row throws(Diagnostic) in
            guard case .string(var text) = try compiled(row) else { return try general(row) }
            let same = text.withUTF8 { text in
                bytes.withUnsafeBufferPointer { bytes in
                    guard text.count == bytes.count, let a = text.baseAddress, let b = bytes.baseAddress else {
                        return text.count == bytes.count  // empty, or of another length
                    }
                    return memcmp(a, b, text.count) == 0
                }
            }
            return .bool(same == equal)
        }
    }
}
