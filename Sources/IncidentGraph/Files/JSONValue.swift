/// A parsed JSON value that remembers where it started, so that data errors can point at it.
package struct JSONValue: Sendable {
    /// Byte offset of the value's first character in the parsed text.
    package let offset: Int
    /// The value.
    package let content: Content

    /// The JSON value kinds, with integers kept apart from decimals.
    package enum Content: Sendable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case array([JSONValue])
        case object([Member])
    }

    /// One `"key": value` member of an object, in file order.
    package struct Member: Sendable {
        /// The member name.
        package let key: String
        /// Its value.
        package let value: JSONValue
    }

    /// The member with this key, if this is an object that has one.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = content else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The name of the value's JSON type, for messages ("expected a string, found an array").
    package var typeName: String {
        switch content {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
