import Foundation
import PluginAPI

/// The matrix of competing hypotheses as an SVG picture: a grid of evidence by hypotheses,
/// consistent cells green, inconsistent red, stale ones outlined, the scores at the foot and
/// the notes under it.
enum MatrixPicture {
    static func svg(_ matrix: HypothesisMatrix) -> String {
        let table = matrix.table
        let (rowHeight, left, top) = (24.0, 10.0, 40.0)
        // Each column as wide as its longest text (7 px a character at 12 px).
        let widths = table.columns.indices.map { column in
            Double(([table.columns[column]] + table.rows.map { $0[column].displayText }).map(\.count).max() ?? 1) * 7 + 12
        }
        let starts = widths.indices.map { left + widths.prefix($0).reduce(0, +) }
        var body: [String] = []
        for (column, name) in table.columns.enumerated() {
            body.append(text(name, x: starts[column] + 4, y: top - 8, bold: true))
        }
        for (index, row) in table.rows.enumerated() {
            let y = top + Double(index) * rowHeight
            for (column, value) in row.enumerated() {
                let (x, cellWidth) = (starts[column], widths[column])
                let shown = value.displayText
                let fill =
                    shown.hasPrefix("C") && shown.count <= 2
                    ? "#d8f0d8" : shown.hasPrefix("I") && shown.count <= 2 ? "#f4d0d0" : "#ffffff"
                let stroke = shown.hasSuffix("!") ? "#c00000\" stroke-width=\"2" : "#bbbbbb"
                body.append(
                    "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cellWidth)\" height=\"\(rowHeight)\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>")
                body.append(text(shown, x: x + 4, y: y + 16, bold: false))
            }
        }
        let notesTop = top + Double(table.rows.count) * rowHeight + 24
        for (index, note) in matrix.notes.enumerated() {
            body.append(text(note, x: left, y: notesTop + Double(index) * 18, bold: false))
        }
        let width = left * 2 + widths.reduce(0, +)
        let height = notesTop + Double(matrix.notes.count) * 18 + 10
        return ([
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(max(width, 640)))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            text("Analysis of competing hypotheses", x: left, y: 18, bold: true),
        ] + body + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    private static func text(_ content: String, x: Double, y: Double, bold: Bool) -> String {
        "<text x=\"\(x)\" y=\"\(y)\"\(bold ? " font-weight=\"bold\"" : "")>\(SvgChart.escape(content))</text>"
    }
}
