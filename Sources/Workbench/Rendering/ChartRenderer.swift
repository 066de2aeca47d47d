import Foundation
import IncidentGraph
import PluginAPI
import QuerySyntax

/// Draws a table as a chart in text: bars of block characters (`#` in ASCII), or a grid of
/// shaded cells with a legend. Deterministic, so transcripts can check charts; fitted to the
/// terminal width.
struct ChartRenderer {
    let settings: RenderSettings

    func render(_ table: Table, as chart: Chart) -> String {
        switch chart {
        case .bars(let label, let value): bars(table, label: label, value: value)
        case .grid(let row, let column, let value): grid(table, row: row, column: column, value: value)
        }
    }

    // MARK: Bars

    private func bars(_ table: Table, label: Int, value: Int) -> String {
        guard table.columns.indices.contains(label), table.columns.indices.contains(value) else { return "" }
        let labels = table.rows.map { TextWidth.truncate(ChartValue.text($0[label]), toWidth: 30) }
        let numbers = table.rows.map { ChartValue.number($0[value]) }
        let values = table.rows.map { ChartValue.text($0[value]) }
        let labelWidth = max(labels.map { TextWidth.of($0) }.max() ?? 0, 1)
        let valueWidth = values.map { TextWidth.of($0) }.max() ?? 1
        let area = max((settings.width ?? 80) - labelWidth - valueWidth - 3, 10)
        let largest = max(numbers.max() ?? 0, 0)
        // Other columns (a timeline's phases) are written after the number when they say something.
        let others = table.columns.indices.filter { $0 != label && $0 != value }
        var lines = [table.columns[label] + " · " + table.columns[value]]
        for (index, text) in labels.enumerated() {
            let length = largest > 0 ? max(numbers[index], 0) / largest * Double(area) : 0
            let bar = paint(Self.bar(length, ascii: settings.ascii), colour: "34")
            let padding = String(repeating: " ", count: labelWidth - TextWidth.of(text))
            let extra = others.compactMap { column -> String? in
                let cell = table.rows[index][column]
                if cell.isNull || cell == .list([]) { return nil }
                return "\(table.columns[column]) \(ChartValue.text(cell))"
            }
            lines.append(([text + padding + " " + bar + " " + values[index]] + extra).joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    /// A bar `length` cells long, in eighths of a cell (whole cells in ASCII).
    private static func bar(_ length: Double, ascii: Bool) -> String {
        if ascii { return String(repeating: "#", count: Int(length.rounded())) }
        let eighths = Int((length * 8).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }

    // MARK: Grid

    private func grid(_ table: Table, row: Int, column: Int, value: Int) -> String {
        guard [row, column, value].allSatisfy(table.columns.indices.contains) else { return "" }
        var rowKeys: [Value] = []
        var columnKeys: [Value] = []
        var cells: [[Value]: Double] = [:]
        for line in table.rows {
            if !rowKeys.contains(line[row]) { rowKeys.append(line[row]) }
            if !columnKeys.contains(line[column]) { columnKeys.append(line[column]) }
            cells[[line[row], line[column]], default: 0] += ChartValue.number(line[value])
        }
        rowKeys = Self.filled(rowKeys)
        columnKeys = Self.filled(columnKeys.sorted { Self.precedes($0, $1) })
        let largest = cells.values.max() ?? 0
        let rowTexts = rowKeys.map { $0.isNull ? "?" : TextWidth.truncate(ChartValue.text($0), toWidth: 20) }
        let rowWidth = max(rowTexts.map { TextWidth.of($0) }.max() ?? 1, 1)
        // No value is `?` (as the legend says): a wider label would widen every cell.
        let columnTexts = columnKeys.map { $0.isNull ? "?" : TextWidth.truncate(ChartValue.text($0), toWidth: 8) }
        let cellWidth = max(columnTexts.map { TextWidth.of($0) }.max() ?? 1, 2)
        let fitting = max(((settings.width ?? 80) - rowWidth) / (cellWidth + 1), 1)
        let shown = Array(columnKeys.indices.prefix(fitting))
        func padded(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(width - TextWidth.of(text), 0)) + text
        }
        var lines = ["\(table.columns[row]) (rows) by \(table.columns[column]) (columns)"]
        lines.append(
            String(repeating: " ", count: rowWidth) + shown.map { " " + padded(columnTexts[$0], cellWidth) }.joined())
        for (index, key) in rowKeys.enumerated() {
            var line = rowTexts[index] + String(repeating: " ", count: rowWidth - TextWidth.of(rowTexts[index]))
            for position in shown {
                let count = cells[[key, columnKeys[position]]] ?? 0
                line += " " + paint(String(repeating: shade(count, of: largest), count: cellWidth), colour: "31")
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        lines.append(
            legend(largest, wholeNumbers: cells.values.allSatisfy { $0 == $0.rounded() })
                + (columnKeys.contains(.null) || rowKeys.contains(.null) ? "; ?: no value" : ""))
        if shown.count < columnKeys.count {
            lines.append(
                settings.fitted(
                    "\(columnKeys.count - shown.count) more columns not shown (too wide); :mode csv lists every cell"))
        }
        return lines.joined(separator: "\n")
    }

    /// Whole-number keys with the missing values between the smallest and largest put in (an
    /// hour without events is still a row), null last (an hour not known); other keys as they are.
    private static func filled(_ keys: [Value]) -> [Value] {
        let known = keys.filter { !$0.isNull }
        let numbers = known.compactMap { key -> Int? in if case .int(let number) = key { number } else { nil } }
        guard numbers.count == known.count, let low = numbers.min(), let high = numbers.max(), high - low < 1000 else {
            return keys
        }
        return (low...high).map(Value.int) + (known.count < keys.count ? [.null] : [])
    }

    /// Text in an ANSI colour on a colour terminal (never with NO_COLOR), as it is otherwise.
    private func paint(_ text: String, colour: String) -> String {
        settings.colour && !text.allSatisfy({ $0 == " " }) ? "\u{1B}[\(colour)m" + text + "\u{1B}[0m" : text
    }

    private var shades: [String] { settings.ascii ? [" ", ".", ":", "*", "#"] : [" ", "░", "▒", "▓", "█"] }

    /// Empty for 0, then four steps up to the largest count.
    private func shade(_ count: Double, of largest: Double) -> String {
        guard count > 0, largest > 0 else { return shades[0] }
        return shades[min(Int((count / largest * 4).rounded(.up)), 4)]
    }

    /// `legend: ░ ≤ 2  ▒ ≤ 4  ▓ ≤ 6  █ ≤ 9; blank: 0`: the counts each shade stands for.
    private func legend(_ largest: Double, wholeNumbers: Bool) -> String {
        guard largest > 0 else { return "every cell is 0" }
        let steps = (1...4).map { step in
            let bound = largest * Double(step) / 4
            return "\(shades[step]) ≤ \(Self.format(wholeNumbers ? bound.rounded(.down) : bound))"
        }
        return "legend: " + steps.joined(separator: "  ") + "; blank: 0"
    }

    // MARK: Numbers

    private static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(format: "%.1f", number)
    }

    private static func precedes(_ a: Value, _ b: Value) -> Bool {
        if a.isNull != b.isNull { return b.isNull }
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.string(let x), .string(let y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        default: return a.displayText < b.displayText
        }
    }
}
