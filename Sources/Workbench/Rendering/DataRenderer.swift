import Foundation
import IncidentGraph
import PluginAPI

/// Tables as JSON, JSON Lines or CSV: every row and column, nothing cut. Nodes are written as
/// their ids, instants and dates in ISO 8601.
enum DataRenderer {
    static func render(_ table: Table, as format: ResultFormat) -> String {
        switch format {
        case .table, .line, .json:
            return "[" + table.rows.map { object($0, table.columns) }.joined(separator: ",\n ") + "]"
        case .jsonl:
            return table.rows.map { object($0, table.columns) }.joined(separator: "\n")
        case .csv:
            let lines = [table.columns.map(csvField)] + table.rows.map { $0.map { csvField(csvText($0)) } }
            return lines.map { $0.joined(separator: ",") }.joined(separator: "\r\n")
        }
    }

    private static func object(_ row: [Value], _ columns: [String]) -> String {
        "{" + zip(columns, row).map { "\(quote($0)): \(json($1))" }.joined(separator: ", ") + "}"
    }

    private static func json(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): number.isFinite ? String(number) : "null"
        case .list(let elements): "[" + elements.map(json).joined(separator: ", ") + "]"
        case .node(let node): quote(node.id)
        default: quote(value.displayText)
        }
    }

    private static func csvText(_ value: Value) -> String {
        if case .node(let node) = value { return node.id }
        return value.displayText
    }

    private static func quote(_ text: String) -> String {
        JSONText.quote(text)
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
