/// Reading the fields of a JSON object with errors that say where and what was expected.
struct JSONFields {
    /// Converts offsets to locations for error messages.
    var locator: Locator
    /// The kind of the previous node record, looked up again only when it changes.
    var lastKind: (position: Int, kind: KindSchema)?
    /// The label of the previous edge record.
    var lastLabel: (name: String, position: Int)?

    init(locator: Locator) {
        self.locator = locator
    }

    mutating func error(_ message: String, at value: JSONValue, hint: String? = nil) -> GraphError {
        GraphError(.format, message, at: locator.location(at: value.offset), hint: hint)
    }

    mutating func object(_ value: JSONValue, _ what: @autoclosure () -> String) throws(GraphError) -> [JSONValue.Member]
    {
        guard case .object(let members) = value.content else {
            throw error("expected \(what()) (an object), found \(value.typeName)", at: value)
        }
        return members
    }

    mutating func array(_ value: JSONValue, _ what: @autoclosure () -> String) throws(GraphError) -> [JSONValue] {
        guard case .array(let elements) = value.content else {
            throw error("expected \(what()) (an array), found \(value.typeName)", at: value)
        }
        return elements
    }

    mutating func string(_ value: JSONValue, _ what: @autoclosure () -> String) throws(GraphError) -> String {
        guard case .string(let text) = value.content else {
            throw error("expected \(what()) (a string), found \(value.typeName)", at: value)
        }
        return text
    }

    mutating func strings(_ value: JSONValue, _ what: @autoclosure () -> String) throws(GraphError) -> [String] {
        var result: [String] = []
        for element in try array(value, what()) {
            result.append(try string(element, "each of \(what())"))
        }
        return result
    }

    /// A required member of an object.
    mutating func member(_ key: String, of object: JSONValue, _ what: @autoclosure () -> String) throws(GraphError)
        -> JSONValue
    {
        guard let value = object[key] else {
            throw error("\(what()) has no `\(key)`", at: object)
        }
        return value
    }
}
