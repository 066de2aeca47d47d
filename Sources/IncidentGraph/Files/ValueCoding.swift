/// Reading property values from JSON according to their declared type.
extension JSONFields {
    /// The value of a property of a declared type; `null` stays `null`.
    mutating func value(_ json: JSONValue, as type: ValueType, property: String) throws(GraphError) -> Value {
        if let value = json.value(as: type) { return value }
        switch (type, json.content) {
        case (.instant, .string(let text)):
            throw error(
                "`\(property)` must be an instant, found \(text.debugDescription)", at: json,
                hint: "write UTC instants as 2023-06-01T09:30:00Z, or give an offset: 2023-06-01T17:30:00+08:00")
        case (.date, .string(let text)):
            throw error(
                "`\(property)` must be a date, found \(text.debugDescription)", at: json,
                hint: "write dates as 2023-06-01")
        case (.duration, .string(let text)):
            throw error(
                "`\(property)` must be a duration, found \(text.debugDescription)", at: json,
                hint: "write durations as 90d 12h")
        case (.list, .array):
            throw error("`\(property)` may not contain objects", at: JSONValue.firstObject(in: json) ?? json)
        default:
            throw error("`\(property)` must be \(type.rawValue), found \(json.typeName)", at: json)
        }
    }
}

extension JSONValue {
    /// The value of a property of a declared type, as a graph file writes it (instants, dates
    /// and durations as text; a list's elements typed by their JSON form); nil when the JSON
    /// does not fit the type. `null` is `null`.
    package func value(as type: ValueType) -> Value? {
        switch (type, content) {
        case (_, .null): return .null
        case (.bool, .bool(let flag)): return .bool(flag)
        case (.int, .int(let number)): return .int(number)
        case (.double, .int(let number)): return .double(Double(number))
        case (.double, .double(let number)): return .double(number)
        case (.string, .string(let text)): return .string(text)
        case (.instant, .string(let text)): return Instant(iso8601: text).map(Value.instant)
        case (.date, .string(let text)): return Day(iso8601: text).map(Value.date)
        case (.duration, .string(let text)): return TimeSpan(text: text).map(Value.duration)
        case (.list, .array(let elements)):
            var values: [Value] = []
            for element in elements {
                guard let value = element.inferred else { return nil }
                values.append(value)
            }
            return .list(values)
        default: return nil
        }
    }

    /// An element of a list, typed by its JSON form (strings stay strings); nil for an object.
    private var inferred: Value? {
        switch content {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array: value(as: .list)
        case .object: nil
        }
    }

    /// The first object nested in an array, depth first.
    fileprivate static func firstObject(in json: JSONValue) -> JSONValue? {
        switch json.content {
        case .object: json
        case .array(let elements): elements.lazy.compactMap(firstObject(in:)).first
        default: nil
        }
    }
}
