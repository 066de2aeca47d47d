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
    /// body) tried on it, with no list made and none of the pieces after the one that decides.
    func quantifierOverPieces(
        _ isAny: Bool, _ list: Expression, _ element: BoundValue, _ body: Expression, _ condition: @escaping Compiled,
        otherwise general: @escaping Compiled
    ) -> Compiled? {
        guard let (text, separator) = literalSplit(list) else { return nil }
        let (subject, semantics) = (compileRow(text), self.semantics)
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
