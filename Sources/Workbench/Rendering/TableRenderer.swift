import IncidentGraph
import PluginAPI
import QuerySyntax

/// Renders a table as aligned text columns that fit the terminal.
///
/// Widths count East Asian wide characters as two columns. Nothing is dropped silently: cut
/// cells end in `…`, and a footer says how many rows and which columns were left out.
public struct TableRenderer: Sendable {
    /// Width, row and cell limits.
    public let settings: RenderSettings

    /// A renderer with the given limits.
    public init(settings: RenderSettings) {
        self.settings = settings
    }

    /// The table as text, ending with a footer line that counts the rows (`4 incidents`).
    ///
    /// - Parameter noun: what a row is, for the footer (`incident` → "4 incidents").
    public func render(_ table: Table, noun: (singular: String, plural: String) = ("row", "rows")) -> String {
        let shownRows = Array(table.rows.prefix(settings.maxRows))
        let cells = shownRows.map { row in row.map { TextWidth.truncate(cellText($0), toWidth: settings.maxCellWidth) } }
        let naturalWidths = table.columns.indices.map { column in
            cells.reduce(TextWidth.of(table.columns[column])) { max($0, TextWidth.of($1[column])) }
        }
        let shownColumns = fittingColumns(naturalWidths)
        var lines: [String] = []
        if !shownColumns.isEmpty {
            lines.append(line(shownColumns.map { table.columns[$0] }, shownColumns.map { naturalWidths[$0] }))
            lines.append(shownColumns.map { String(repeating: "─", count: naturalWidths[$0]) }.joined(separator: "  "))
            for row in cells {
                lines.append(line(shownColumns.map { row[$0] }, shownColumns.map { naturalWidths[$0] }))
            }
        }
        lines.append(footer(table, shownRows: shownRows.count, shownColumns: shownColumns, noun: noun,
                            cut: cells.contains { $0.contains { $0.hasSuffix("…") } }))
        return lines.joined(separator: "\n")
    }

    private func cellText(_ value: Value) -> String {
        String(value.displayText.map { $0 == "\n" ? "⏎" : $0 })
    }

    /// Columns from the left while they fit the width; the first column is always shown.
    private func fittingColumns(_ widths: [Int]) -> [Int] {
        guard let width = settings.width else { return Array(widths.indices) }
        var used = 0
        var shown: [Int] = []
        for (column, columnWidth) in widths.enumerated() {
            let needed = columnWidth + (shown.isEmpty ? 0 : 2)
            if !shown.isEmpty, used + needed > width { break }
            shown.append(column)
            used += needed
        }
        return shown
    }

    private func line(_ texts: [String], _ widths: [Int]) -> String {
        var result = ""
        for (position, (text, width)) in zip(texts, widths).enumerated() {
            if position > 0 { result += "  " }
            result += text
            if position < texts.count - 1 { result += String(repeating: " ", count: width - TextWidth.of(text)) }
        }
        while result.last == " " { result.removeLast() }
        return result
    }

    private func footer(
        _ table: Table, shownRows: Int, shownColumns: [Int], noun: (singular: String, plural: String), cut: Bool
    ) -> String {
        let count = table.rows.count
        var parts = ["\(count) \(count == 1 ? noun.singular : noun.plural)"]
        if shownRows < count { parts.append("first \(shownRows) shown, \(count - shownRows) more not shown") }
        let hidden = table.columns.indices.filter { !shownColumns.contains($0) }.map { table.columns[$0] }
        if !hidden.isEmpty {
            parts.append("\(hidden.count) more column\(hidden.count == 1 ? "" : "s") not shown (too wide): \(hidden.joined(separator: ", "))")
        }
        if cut { parts.append("values longer than \(settings.maxCellWidth) columns cut at …") }
        return parts.joined(separator: "; ")
    }
}
