import Foundation
import IncidentGraph
import PluginAPI

/// A chart as a self-contained SVG picture (for a slide): the same bars or grid the terminal
/// shows, one `<rect class="mark">` per data point, labels as text. Deterministic.
enum SvgChart {
    static func render(_ table: Table, as chart: Chart, title: String) -> String {
        switch chart {
        case .bars(let label, let value): bars(table, label: label, value: value, title: title)
        case .grid(let row, let column, let value): grid(table, row: row, column: column, value: value, title: title)
        }
    }

    private static func bars(_ table: Table, label: Int, value: Int, title: String) -> String {
        let numbers = table.rows.map { ChartValue.number($0[value]) }
        let largest = max(numbers.max() ?? 0, 1)
        let (left, width, rowHeight) = (200.0, 400.0, 18.0)
        var body: [String] = []
        for (index, row) in table.rows.enumerated() {
            let y = 30 + Double(index) * rowHeight
            let length = max(numbers[index], 0) / largest * width
            body.append(
                "<text x=\"\(format(left - 6))\" y=\"\(format(y + 13))\" text-anchor=\"end\">\(escape(ChartValue.text(row[label])))</text>"
            )
            body.append(
                "<rect class=\"mark\" x=\"\(format(left))\" y=\"\(format(y + 2))\" width=\"\(format(length))\" height=\"\(format(rowHeight - 4))\" fill=\"#4a6fa5\"><title>\(escape(ChartValue.text(row[label]))): \(escape(ChartValue.text(row[value])))</title></rect>"
            )
            body.append(
                "<text x=\"\(format(left + length + 4))\" y=\"\(format(y + 13))\">\(escape(ChartValue.text(row[value])))</text>"
            )
        }
        return document(width: left + width + 80, height: 40 + Double(table.rows.count) * rowHeight, title: title, body)
    }

    private static func grid(_ table: Table, row: Int, column: Int, value: Int, title: String) -> String {
        var rowKeys: [String] = []
        var columnKeys: [String] = []
        for line in table.rows {
            if !rowKeys.contains(ChartValue.text(line[row])) { rowKeys.append(ChartValue.text(line[row])) }
            if !columnKeys.contains(ChartValue.text(line[column])) { columnKeys.append(ChartValue.text(line[column])) }
        }
        let largest = max(table.rows.map { ChartValue.number($0[value]) }.max() ?? 0, 1)
        let (left, top, cell) = (120.0, 50.0, 24.0)
        var body: [String] = []
        for (index, key) in columnKeys.enumerated() {
            body.append(
                "<text x=\"\(format(left + Double(index) * cell + cell / 2))\" y=\"\(format(top - 8))\" text-anchor=\"middle\">\(escape(key))</text>"
            )
        }
        for (index, key) in rowKeys.enumerated() {
            body.append(
                "<text x=\"\(format(left - 6))\" y=\"\(format(top + Double(index) * cell + 16))\" text-anchor=\"end\">\(escape(key))</text>"
            )
        }
        for line in table.rows {
            guard let x = columnKeys.firstIndex(of: ChartValue.text(line[column])),
                let y = rowKeys.firstIndex(of: ChartValue.text(line[row]))
            else { continue }
            let share = max(ChartValue.number(line[value]), 0) / largest
            body.append(
                "<rect class=\"mark\" x=\"\(format(left + Double(x) * cell))\" y=\"\(format(top + Double(y) * cell))\" width=\"\(format(cell - 2))\" height=\"\(format(cell - 2))\" fill=\"#b2182b\" fill-opacity=\"\(format(share))\"><title>\(escape(ChartValue.text(line[row]))), \(escape(ChartValue.text(line[column]))): \(escape(ChartValue.text(line[value])))</title></rect>"
            )
        }
        return document(
            width: left + Double(columnKeys.count) * cell + 40, height: top + Double(rowKeys.count) * cell + 20,
            title: title, body)
    }

    private static func document(width: Double, height: Double, title: String, _ body: [String]) -> String {
        ([
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(format(width))\" height=\"\(format(height))\" font-family=\"Helvetica, sans-serif\" font-size=\"12\">",
            "<title>\(escape(title))</title>",
            "<text x=\"10\" y=\"18\" font-weight=\"bold\">\(escape(title))</text>",
        ]
            + body + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    private static func format(_ number: Double) -> String { String(format: "%.1f", number) }

    /// Text safe inside SVG (XML) text and attributes.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
