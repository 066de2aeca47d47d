import QuerySyntax

extension Expression {
    /// The expression with each of its parts — operands, arguments, elements, a member's base —
    /// replaced by what `part` gives for it, in the same places; nil when `part` gives nil for
    /// one. A literal, node, name or function of its own (`x => …`) has no parts: it is given
    /// as it is, for the caller to have decided on before.
    func replacingParts(_ part: (Expression) -> Expression?) -> Expression? {
        let kind: Kind
        switch self.kind {
        case .literal, .node, .name, .lambda:
            return self
        case .member(let base, let name):
            guard let base = part(base) else { return nil }
            kind = .member(base, name)
        case .index(let base, let index):
            guard let base = part(base), let index = part(index) else { return nil }
            kind = .index(base, index)
        case .call(let name, let arguments):
            var replaced: [Expression] = []
            for argument in arguments {
                guard let argument = part(argument) else { return nil }
                replaced.append(argument)
            }
            kind = .call(name, replaced)
        case .list(let elements):
            var replaced: [Expression] = []
            for element in elements {
                guard let element = part(element) else { return nil }
                replaced.append(element)
            }
            kind = .list(replaced)
        case .range(let low, let high):
            guard let low = part(low), let high = part(high) else { return nil }
            kind = .range(low, high)
        case .unary(let operation, let operand):
            guard let operand = part(operand) else { return nil }
            kind = .unary(operation, operand)
        case .binary(let operation, let left, let right):
            guard let left = part(left), let right = part(right) else { return nil }
            kind = .binary(operation, left, right)
        case .between(let value, let low, let high):
            guard let value = part(value), let low = part(low), let high = part(high) else { return nil }
            kind = .between(value, low, high)
        case .isNull(let operand, let negated):
            guard let operand = part(operand) else { return nil }
            kind = .isNull(operand, negated: negated)
        }
        return Expression(kind, span)
    }
}
