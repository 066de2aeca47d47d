/// Writing JSON text: string quoting and values in the form the loaders read back.
enum JSONText {
    /// A JSON string literal; non-ASCII text (Japanese) is written as is, not escaped.
    static func quote(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A JSON array of strings.
    static func strings(_ list: [String]) -> String {
        "[" + list.map(quote).joined(separator: ", ") + "]"
    }

    /// A value: instants, dates and durations as their ISO / span text, lists as arrays.
    static func value(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): number.isFinite ? String(number) : "null"
        case .string(let text): quote(text)
        case .instant(let instant): quote(instant.iso8601)
        case .date(let day): quote(day.iso8601)
        case .duration(let span): quote(span.text)
        case .list(let elements): "[" + elements.map(Self.value).joined(separator: ", ") + "]"
        }
    }
}
