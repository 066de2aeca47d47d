extension Parser {
    /// `(a:kind {p: v})-[:label*1..2]->(b) …`.
    mutating func parsePattern() -> Pattern? {
        let start = current.span.start
        guard let first = parseNodePattern() else { return nil }
        var steps: [PatternStep] = []
        while check("-") || check("<-") {
            guard let edge = parseEdgePattern(), let node = parseNodePattern() else { return nil }
            steps.append(PatternStep(edge: edge, node: node))
        }
        return Pattern(start: first, steps: steps, span: spanFrom(start))
    }

    private mutating func parseNodePattern() -> NodePattern? {
        let start = current.span.start
        guard consume("(") else {
            atEnd
                ? failAtEnd("expected `(` to start a node pattern")
                : fail(
                    "expected `(` to start a node pattern, found `\(current.text)`", code: .pattern,
                    hint: "write (i:incident)")
            return nil
        }
        var variable: String?
        var kind: String?
        if case .word(let name) = current.kind {
            variable = name
            advance()
        }
        if consume(":") { kind = expectName("a node kind after `:`") }
        var properties: [PropertyConstraint] = []
        if consume("{") {
            repeat {
                guard let name = expectName("a property name") else { return nil }
                expect(":", "after the property name")
                guard let value = parseExpression() else { return nil }
                properties.append(PropertyConstraint(name: name, value: value))
            } while consume(",")
            expect("}", "to close the property constraints")
        }
        expect(")", "to close the node pattern")
        return NodePattern(variable: variable, kind: kind, properties: properties, span: spanFrom(start))
    }

    private mutating func parseEdgePattern() -> EdgePattern? {
        let start = current.span.start
        let pointsBack = consume("<-")
        if !pointsBack { _ = consume("-") }
        var label: String?
        var hops = 1...1
        if consume("[") {
            if consume(":") { label = expectName("an edge label after `:`") }
            if consume("*") {
                guard let low = expectInteger("the fewest hops") else { return nil }
                var high = low
                if consume("..") { high = expectInteger("the most hops") ?? low }
                guard low >= 0, high >= max(low, 1) else {
                    fail(
                        "hop ranges are `*N` or `*N..M` with 0 ≤ N ≤ M and M ≥ 1 (`*0..M` includes the start)",
                        code: .hops)
                    return nil
                }
                hops = low...high
            }
            expect("]", "to close the edge pattern")
        }
        let direction: PatternDirection
        if consume("->") {
            guard !pointsBack else {
                fail("an edge cannot point both ways", code: .pattern, hint: "use -[…]- for either direction")
                return nil
            }
            direction = .out
        } else {
            expect("-", "to finish the edge pattern")
            direction = pointsBack ? .in : .both
        }
        return EdgePattern(label: label, direction: direction, hops: hops, span: spanFrom(start))
    }
}
