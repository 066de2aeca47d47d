/// A property value in the incident graph.
///
/// Japanese text is ordinary `string` data; instants are UTC; a missing property is `null`.
public enum Value: Hashable, Sendable {
    /// No value (a missing property reads as `null`).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number (counts, years, phase numbers).
    case int(Int)
    /// A decimal number (scores, probabilities).
    case double(Double)
    /// Text in any script.
    case string(String)
    /// A point in time, UTC.
    case instant(Instant)
    /// A calendar date.
    case date(Day)
    /// A length of time.
    case duration(TimeSpan)
    /// An ordered list of values (aliases, source keys).
    case list([Value])
    /// A node of the graph, as a query result (`incident.target`); never stored as a property.
    case node(NodeReference)

    /// The type of this value; `nil` for `null`.
    public var type: ValueType? {
        switch self {
        case .null: nil
        case .bool: .bool
        case .int: .int
        case .double: .double
        case .string: .string
        case .instant: .instant
        case .date: .date
        case .duration: .duration
        case .list: .list
        case .node: .node
        }
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The text of a `string`, otherwise `nil`.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// How the value is shown in a table cell or printed: no quotes, ISO dates, `null` empty.
    public var displayText: String {
        switch self {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): Self.format(number)
        case .string(let text): text
        case .instant(let instant): instant.iso8601
        case .date(let day): day.iso8601
        case .duration(let span): span.text
        case .list(let elements): "[" + elements.map(\.displayText).joined(separator: ", ") + "]"
        case .node(let node): "@" + node.id
        }
    }

    /// Decimals without trailing zeros, at most six places, never in exponent form for tables.
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return String(number) }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) + ".0" }
        var text = String(number)
        if text.contains("e") { return text }
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 7 {
            text = String(text[...text.index(dot, offsetBy: 6)])
        }
        return text
    }
}

/// A node in a query result: its number in the graph and its id. Two references are the same
/// node when their numbers are (the id follows from the number), which keeps grouping by node cheap.
public struct NodeReference: Hashable, Sendable {
    /// The node's number in the graph it came from.
    public let node: NodeID
    /// Its id (`jaxa`).
    public let id: String

    /// A reference.
    public init(node: NodeID, id: String) {
        self.node = node
        self.id = id
    }

    /// The same node.
    public static func == (lhs: NodeReference, rhs: NodeReference) -> Bool {
        lhs.node == rhs.node
    }

    /// Hashes the node number only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(node)
    }
}
