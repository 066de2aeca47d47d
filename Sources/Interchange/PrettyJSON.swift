import IncidentGraph

/// JSON text of an object built as dictionaries, laid out as `JSONSerialization` lays it out
/// with `.prettyPrinted` and `.sortedKeys` (two spaces per level, `"key" : value`), except
/// that `/` is not escaped. Foundation's writer compares keys with the locale's collation and
/// bridges every value; for the 7·10⁵ objects of a large STIX export it took most of two
/// minutes, this a few seconds.
enum PrettyJSON {
    /// `value` (a `String`, `Bool`, `Int`, `Double`, array, `[String: Any]`, or a property
    /// ``Value`` as a graph file writes it) written at `level` levels of indentation, as it
    /// appears nested that deep in a larger document.
    static func append(_ value: Any, level: Int, to json: inout JSONBytes) {
        switch value {
        case let text as String: json.appendQuoted(text)
        case let flag as Bool: flag ? json.append("true") : json.append("false")
        case let number as Int: json.append(raw: String(number))
        case let number as Double: number.isFinite ? json.append(raw: String(number)) : json.append("null")
        case let object as [String: Any]:
            json.append("{\n")
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { json.append(",\n") }
                indent(level + 1, in: &json)
                json.appendQuoted(key)
                json.append(" : ")
                append(object[key] as Any, level: level + 1, to: &json)
            }
            json.append("\n")
            indent(level, in: &json)
            json.append("}")
        case let elements as [Any]:
            json.append("[\n")
            for (index, element) in elements.enumerated() {
                if index > 0 { json.append(",\n") }
                indent(level + 1, in: &json)
                append(element, level: level + 1, to: &json)
            }
            json.append("\n")
            indent(level, in: &json)
            json.append("]")
        case let property as Value:  // last: every other value would pay for a failed cast first
            guard case .list(let elements) = property else { return json.append(property) }
            append(elements as [Any], level: level, to: &json)
        default: json.append("null")
        }
    }

    /// Two spaces per level, the indentation a value starts with on its own line.
    static func indent(_ level: Int, in json: inout JSONBytes) {
        for _ in 0..<level { json.append("  ") }
    }
}
