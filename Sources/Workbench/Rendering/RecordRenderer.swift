import IncidentGraph
import PluginAPI
import QuerySyntax

/// Renders a table expanded, one block of `name  value` lines per row (`:mode line`, as
/// psql's `\x` and sqlite3's `.mode line`): for rows too wide to read across.
///
/// Values are whole, never cut; the names are aligned. A footer counts the rows, as tables do.
struct RecordRenderer {
    let settings: RenderSettings

    /// The rows as blocks, then a footer that counts them: `rowCount` when the table holds only
    /// the first of them.
    func render(_ table: Table, noun: (singular: String, plural: String), rowCount: Int? = nil) -> String {
        let names = table.columns.map(VisibleText.of)
        let nameWidth = names.map(TextWidth.of).max() ?? 0
        var blocks: [String] = []
        for (number, row) in table.rows.prefix(settings.maxRows).enumerated() {
            var lines = ["-[ \(noun.singular) \(number + 1) ]-"]
            for (name, value) in zip(names, row) {
                let padding = String(repeating: " ", count: nameWidth - TextWidth.of(name))
                let text = value.isNull ? "null" : VisibleText.of(value.displayText)
                lines.append(name + padding + "  " + text)
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        let count = rowCount ?? table.rows.count
        var footer = "\(count) \(count == 1 ? noun.singular : noun.plural)"
        if count > settings.maxRows { footer += "; first \(settings.maxRows) shown (:last shows every row)" }
        return (blocks + [footer]).joined(separator: "\n\n")
    }
}
