/// Reading property values from JSON according to their declared type.
extension JSONFields {
    /// The value of a property of a declared type; `null` stays `null`.
    mutating func value(_ json: JSONValue, as type: ValueType, property: String) throws(GraphError) -> Value {
        if case .null = json.content { return .null }
        switch (type, json.content) {
        case (.bool, .bool(let flag)): return .bool(flag)
        case (.int, .int(let number)): return .int(number)
        case (.double, .int(let number)): return .double(Double(number))
        case (.double, .double(let number)): return .double(number)
        case (.string, .string(let text)): return .string(text)
        case (.instant, .string(let text)):
            if let instant = Instant(iso8601: text) { return .instant(instant) }
            throw error(
                "`\(property)` must be an instant, found \(text.debugDescription)", at: json,
                hint: "write UTC instants as 2023-06-01T09:30:00Z, or give an offset: 2023-06-01T17:30:00+08:00")
        case (.date, .string(let text)):
            if let day = Day(iso8601: text) { return .date(day) }
            throw error(
                "`\(property)` must be a date, found \(text.debugDescription)", at: json,
                hint: "write dates as 2023-06-01")
        case (.duration, .string(let text)):
            if let span = TimeSpan(text: text) { return .duration(span) }
            throw error(
                "`\(property)` must be a duration, found \(text.debugDescription)", at: json,
                hint: "write durations as 90d 12h")
        case (.list, .array(let elements)):
            var values: [Value] = []
            for element in elements { values.append(try inferred(element, property: property)) }
            return .list(values)
        default:
            throw error("`\(property)` must be \(type.rawValue), found \(json.typeName)", at: json)
        }
    }

    /// An element of a list, typed by its JSON form (strings stay strings).
    private mutating func inferred(_ json: JSONValue, property: String) throws(GraphError) -> Value {
        switch json.content {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array: return try value(json, as: .list, property: property)
        case .object: throw error("`\(property)` may not contain objects", at: json)
        }
    }
}
