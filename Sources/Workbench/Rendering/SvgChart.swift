import Foundation
import IncidentGraph
import PluginAPI

/// A chart as a self-contained SVG picture (for a slide): the same bars or grid the terminal
/// shows, one `<rect class="mark">` per data point, labels as text, and under them what the
/// chart was computed from, so that a picture of generated data never passes for one of
/// reported facts. Deterministic.
enum SvgChart {
    /// The picture of `table` drawn as `chart`; `source` (`computed from 210 incidents: 4
    /// reported, 206 synthetic …`) is written under it and as its description.
    static func render(_ table: Table, as chart: Chart, title: String, source: String?) -> String {
        let picture =
            switch chart {
            case .bars(let label, let value): bars(table, label: label, value: value)
            case .grid(let row, let column, let value): grid(table, row: row, column: column, value: value)
            }
        return document(picture, title: title, source: source)
    }

    /// The marks and labels of a chart, and the size they take.
    private struct Picture {
        let width: Double
        let height: Double
        let body: [String]
    }

    private static func bars(_ table: Table, label: Int, value: Int) -> Picture {
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
        return Picture(width: left + width + 80, height: 40 + Double(table.rows.count) * rowHeight, body: body)
    }

    private static func grid(_ table: Table, row: Int, column: Int, value: Int) -> Picture {
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
        return Picture(
            width: left + Double(columnKeys.count) * cell + 40, height: top + Double(rowKeys.count) * cell + 20,
            body: body)
    }

    /// The whole SVG document: title, picture, and the source line under it (the picture made
    /// wide enough for it, at about 6.5 units a character of 12-unit Helvetica).
    private static func document(_ picture: Picture, title: String, source: String?) -> String {
        var head = ["<title>\(escape(title))</title>"]
        var foot: [String] = []
        var (width, height) = (picture.width, picture.height)
        if let source {
            head.append("<desc>\(escape(source))</desc>")
            foot.append("<text x=\"10\" y=\"\(format(height + 6))\" font-size=\"11\">\(escape(source))</text>")
            (width, height) = (max(width, 20 + Double(source.count) * 6.5), height + 20)
        }
        return
            ([
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(format(width))\" height=\"\(format(height))\" font-family=\"Helvetica, sans-serif\" font-size=\"12\">",
            ] + head + ["<text x=\"10\" y=\"18\" font-weight=\"bold\">\(escape(title))</text>"] + picture.body + foot
            + ["</svg>"])
            .joined(separator: "\n") + "\n"
    }

    private static func format(_ number: Double) -> String { String(format: "%.1f", number) }

    /// Text safe inside SVG (XML) text and attributes.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
