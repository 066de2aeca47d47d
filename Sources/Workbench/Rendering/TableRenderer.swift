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
    /// - Parameters:
    ///   - noun: what a row is, for the footer (`incident` → "4 incidents").
    ///   - rowCount: how many rows the table stands for when it holds only the first of them
    ///     (at least as many as are shown); nil when it holds them all.
    public func render(
        _ table: Table, noun: (singular: String, plural: String) = ("row", "rows"), rowCount: Int? = nil
    ) -> String {
        let shownRows = Array(table.rows.prefix(settings.maxRows))
        let texts = shownRows.map { row in row.map(cellText) }
        let names = table.columns.map(VisibleText.of)
        // At a terminal the width alone limits a cell; in a file or pipe, `maxCellWidth` does.
        let cellLimit = settings.width == nil ? settings.maxCellWidth : .max
        var widths = table.columns.indices.map { column in
            texts.reduce(TextWidth.of(names[column])) { max($0, min(TextWidth.of($1[column]), cellLimit)) }
        }
        let floors = table.columns.indices.map { column in
            Self.isDescriptive(column, of: shownRows)
                ? min(widths[column], max(TextWidth.of(names[column]), Self.minimumColumnWidth))
                : widths[column]
        }
        let shownColumns = fittingColumns(floors)
        shrinkToFit(&widths, floors: floors, shown: shownColumns)
        let cells = texts.map { row in shownColumns.map { TextWidth.truncate(row[$0], toWidth: widths[$0]) } }
        let shownWidths = shownColumns.map { widths[$0] }
        var lines: [String] = []
        if !shownColumns.isEmpty {
            let header = line(shownColumns.map { names[$0] }, shownWidths)
            lines.append(settings.colour ? "\u{1B}[1m" + header + "\u{1B}[0m" : header)
            lines.append(shownWidths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
            for row in cells {
                lines.append(line(row, shownWidths))
            }
        }
        let cut = zip(cells.joined(), texts.flatMap { row in shownColumns.map { row[$0] } }).contains { $0 != $1 }
        lines.append(
            footer(
                table, rowCount: rowCount ?? table.rows.count, shownRows: shownRows.count, shownColumns: shownColumns,
                noun: noun, cut: cut))
        return lines.joined(separator: "\n")
    }

    private func cellText(_ value: Value) -> String {
        VisibleText.of(value.displayText)
    }

    /// Whether a column holds descriptive text, which may be cut to fit: strings and lists,
    /// at least one of them not an id. Ids, node references, numbers and times are never cut
    /// (a cut id or number reads as another one); such a column is left out whole instead.
    private static func isDescriptive(_ column: Int, of rows: [[Value]]) -> Bool {
        var prose = false
        for row in rows {
            switch row[column] {
            case .null: continue
            case .list: prose = true
            case .string(let text): prose = prose || !isIdentifier(text)
            default: return false
            }
        }
        return prose
    }

    /// Text that looks like an id: ASCII letters, digits, `-`, `_`, `.`, `:` and `@`.
    private static func isIdentifier(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || "-_.:@".utf8.contains(byte)
        }
    }

    /// Narrows the widest descriptive shown column, one column at a time, until the row fits
    /// the width or every shown column is at its floor.
    private func shrinkToFit(_ widths: inout [Int], floors: [Int], shown: [Int]) {
        guard let width = settings.width else { return }
        var total = shown.map { widths[$0] }.reduce(0, +) + 2 * max(0, shown.count - 1)
        while total > width {
            guard let widest = shown.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] })
            else { return }
            widths[widest] -= 1
            total -= 1
        }
    }

    /// Narrowest a descriptive column is made to fit the terminal before columns are left out.
    static let minimumColumnWidth = 12

    /// Columns from the left whose narrowest widths fit, skipping one that does not; the first
    /// column is always shown.
    private func fittingColumns(_ floors: [Int]) -> [Int] {
        guard let width = settings.width else { return Array(floors.indices) }
        var used = 0
        var shown: [Int] = []
        for (column, columnWidth) in floors.enumerated() {
            let needed = columnWidth + (shown.isEmpty ? 0 : 2)
            if !shown.isEmpty, used + needed > width { continue }
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
        _ table: Table, rowCount count: Int, shownRows: Int, shownColumns: [Int],
        noun: (singular: String, plural: String), cut: Bool
    ) -> String {
        var parts = ["\(count) \(count == 1 ? noun.singular : noun.plural)"]
        if shownRows < count { parts.append("first \(shownRows) shown, \(count - shownRows) more not shown") }
        let hidden = table.columns.indices.filter { !shownColumns.contains($0) }.map { table.columns[$0] }
        if !hidden.isEmpty {
            parts.append(
                "\(hidden.count) more column\(hidden.count == 1 ? "" : "s") not shown (too wide): \(hidden.joined(separator: ", "))"
            )
        }
        if cut { parts.append("long values cut to fit, marked …") }
        let footer = parts.joined(separator: "; ")
        // Too wide for the terminal: one remark per line rather than a line that wraps.
        if let width = settings.width, TextWidth.of(footer) > width {
            return parts.map(settings.fitted).joined(separator: "\n")
        }
        return footer
    }
}
