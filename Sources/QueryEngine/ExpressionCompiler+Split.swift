import Foundation
import IncidentGraph
import PluginAPI
import QuerySyntax

/// `split(text, "-")` with its separator read once, its list made at once in its size, and
/// `split(text, "-")[0]`, `size(split(text, "-"))` (or `len`) and `any(split(text, "-"), w => …)`
/// (or `all`) without the list of pieces: the one piece asked for, the count of pieces, or each
/// piece in turn until one decides. Each is found in the text's bytes where `split`
/// finds its pieces byte by byte (``TextPieces/Separator``); any other text, and a value that is
/// no text, go the general way.
extension ExpressionCompiler {
    /// `split(TEXT, SEPARATOR)` with a literal separator found byte by byte.
    func splitList(_ call: Expression, otherwise general: @escaping Compiled) -> Compiled? {
        guard let (text, separator) = literalSplit(call) else { return nil }
        let subject = compileRow(text)
        return { row throws(Diagnostic) in
            guard case .string(let value) = try subject(row),
                let pieces = separator.pieces(of: value, { Value.string(TextPieces.Separator.text($0)) })
            else { return try general(row) }
            return .list(pieces)
        }
    }

    /// `split(TEXT, SEPARATOR)[INDEX]` with a literal separator found byte by byte and a whole
    /// number literal index.
    func splitPiece(_ base: Expression, _ index: Expression, otherwise general: @escaping Compiled) -> Compiled? {
        guard let (text, separator) = literalSplit(base), case .literal(.integer(let position)) = index.kind else {
            return nil
        }
        let subject = compileRow(text)
        return { row throws(Diagnostic) in
            guard case .string(let value) = try subject(row), let piece = separator.piece(of: value, at: position)
            else { return try general(row) }
            return piece.map(Value.string) ?? .null
        }
    }

    /// `size(split(TEXT, SEPARATOR))` or `len(…)` of it, with a literal separator found byte by byte.
    func splitCount(_ name: String, _ arguments: [Expression], otherwise general: @escaping Compiled) -> Compiled? {
        guard ["size", "len"].contains(name), arguments.count == 1, let (text, separator) = literalSplit(arguments[0])
        else { return nil }
        let subject = compileRow(text)
        return { row throws(Diagnostic) in
            guard case .string(let value) = try subject(row), let count = separator.pieceCount(of: value) else {
                return try general(row)
            }
            return .int(count)
        }
    }

    /// `any(split(TEXT, SEPARATOR), w => …)` (or `all`) with a literal separator found byte by
    /// byte: `element` bound to each piece in turn as it is found, and `condition` (the lambda's
    /// body) tried on it, with no list made and none of the pieces after the one that decides. A
    /// body that compares `variable` with a text literal (``PieceTest``) is tried on each piece's
    /// bytes instead.
    func quantifierOverPieces(
        _ isAny: Bool, _ list: Expression, _ variable: String, _ element: BoundValue, _ body: Expression,
        _ condition: @escaping Compiled, otherwise general: @escaping Compiled
    ) -> Compiled? {
        guard let (text, separator) = literalSplit(list) else { return nil }
        let (subject, semantics) = (compileRow(text), self.semantics)
        if let test = PieceTest(body, variable: variable) {
            return { row throws(Diagnostic) in
                guard case .string(let value) = try subject(row) else { return try general(row) }
                var decided = false
                let byBytes = separator.visitPieces(of: value) { piece in
                    decided = test.holds(for: piece) == isAny
                    return !decided
                }
                guard byBytes else { return try general(row) }
                return .bool(decided == isAny)
            }
        }
        return { row throws(Diagnostic) in
            guard case .string(let value) = try subject(row) else { return try general(row) }
            let outer = element.value
            defer { element.value = outer }
            var (decided, failure): (Bool, Diagnostic?) = (false, nil)
            let byBytes = separator.visitPieces(of: value) { piece in
                element.value = .string(TextPieces.Separator.text(piece))
                do throws(Diagnostic) {
                    let result = try semantics.truth(try condition(row), at: body.span)
                    decided = isAny ? result == true : result != true
                } catch {
                    failure = error
                }
                return !decided && failure == nil
            }
            guard byBytes else { return try general(row) }
            if let failure { throw failure }
            return .bool(decided == isAny)
        }
    }

    /// The text and the separator of the language's `split` with a literal separator found byte by byte.
    private func literalSplit(_ expression: Expression) -> (text: Expression, separator: TextPieces.Separator)? {
        guard case .call("split", let arguments) = expression.kind, arguments.count == 2,
            semantics.context.state.functions["split"] == nil, case .literal(.string(let written)) = arguments[1].kind,
            let separator = TextPieces.Separator(written)
        else { return nil }
        return (arguments[0], separator)
    }
}

/// A lambda's body that compares its variable with a text literal for equality (`w == "Taiwan"`,
/// `"Re:" != w`): tried on a piece's bytes, as ``ExpressionCompiler/textEquality(_:_:_:otherwise:)``
/// compares a text with a literal, with no string made for the piece and no call of the body.
private struct PieceTest {
    private let literal: [UInt8]
    private let equal: Bool

    /// The test of `body` over the pieces bound to `variable`; nil for any other body.
    init?(_ body: Expression, variable: String) {
        guard case .binary(let op, let left, let right) = body.kind, op == .equal || op == .notEqual else { return nil }
        switch (left.kind, right.kind) {
        case (.name(variable), .literal(.string(let text))), (.literal(.string(let text)), .name(variable)):
            literal = Array(text.utf8)
        default: return nil
        }
        equal = op == .equal
    }

    /// Whether the body holds for the piece of bytes `piece`.
    func holds(for piece: UnsafeBufferPointer<UInt8>) -> Bool {
        let same =
            piece.count == literal.count
            && literal.withUnsafeBufferPointer { literal in
                guard let a = piece.baseAddress, let b = literal.baseAddress else { return true }  // both empty
                return memcmp(a, b, piece.count) == 0
            }
        return same == equal
    }
}
