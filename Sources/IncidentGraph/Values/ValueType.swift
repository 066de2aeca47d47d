/// The declared type of a property in the schema.
public enum ValueType: String, Hashable, Sendable, CaseIterable {
    case bool, int, double, string, instant, date, duration, list
    /// A node, in query results only; no property has this type.
    case node

    /// Whether a value of type `actual` may be stored in a property of this type.
    ///
    /// Integers are accepted where decimals are declared (`3` is a valid score); nothing else
    /// is converted silently.
    public func accepts(_ actual: ValueType) -> Bool {
        actual == self || (self == .double && actual == .int)
    }

    /// Whether a property of this type may hold `value` (never a null: a missing value).
    public func accepts(_ value: Value) -> Bool {
        guard let type = value.type else { return false }
        return accepts(type)
    }
}
