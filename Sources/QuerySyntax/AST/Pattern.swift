/// A graph pattern of `match`: `(i:incident)-[:used_lure]->(l:lure {theme: "x"})`.
public struct Pattern: Hashable, Sendable {
    /// The first node.
    public let start: NodePattern
    /// Each further step: an edge and the node it reaches.
    public let steps: [PatternStep]
    /// Where it is.
    public let span: SourceSpan

    /// A pattern.
    public init(start: NodePattern, steps: [PatternStep], span: SourceSpan) {
        self.start = start
        self.steps = steps
        self.span = span
    }
}

/// One step of a pattern: an edge, then the node it reaches.
public struct PatternStep: Hashable, Sendable {
    /// The edge followed.
    public let edge: EdgePattern
    /// The node reached.
    public let node: NodePattern

    /// A step.
    public init(edge: EdgePattern, node: NodePattern) {
        self.edge = edge
        self.node = node
    }
}

/// `(variable:kind {property: value, …})`; every part optional.
public struct NodePattern: Hashable, Sendable {
    /// The variable bound to matching nodes.
    public let variable: String?
    /// The kind they must have.
    public let kind: String?
    /// Properties they must have, with values.
    public let properties: [PropertyConstraint]
    /// Where it is.
    public let span: SourceSpan

    /// A node pattern.
    public init(variable: String?, kind: String?, properties: [PropertyConstraint], span: SourceSpan) {
        self.variable = variable
        self.kind = kind
        self.properties = properties
        self.span = span
    }
}

/// `name: value` inside a node pattern.
public struct PropertyConstraint: Hashable, Sendable {
    /// The property.
    public let name: String
    /// The value it must equal.
    public let value: Expression
}

/// `-[:label*1..3]->`, `<-[:label]-`, `-[:label]-`.
public struct EdgePattern: Hashable, Sendable {
    /// The label followed; `nil` for any.
    public let label: String?
    /// Which way the edge points relative to the pattern's reading order.
    public let direction: PatternDirection
    /// Fewest and most hops (1...1 unless `*N..M` is written).
    public let hops: ClosedRange<Int>
    /// Where it is.
    public let span: SourceSpan

    /// An edge pattern.
    public init(label: String?, direction: PatternDirection, hops: ClosedRange<Int>, span: SourceSpan) {
        self.label = label
        self.direction = direction
        self.hops = hops
        self.span = span
    }
}

/// The direction of an edge in a pattern.
public enum PatternDirection: String, Hashable, Sendable {
    /// `-[…]->`.
    case out
    /// `<-[…]-`.
    case `in`
    /// `-[…]-`.
    case both
}
