import IncidentGraph

/// How charts read a cell, in the terminal and in SVG alike.
enum ChartValue {
    /// A cell as a number to measure (non-numbers count as 0).
    static func number(_ value: Value) -> Double {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: 0
        }
    }

    /// A cell as a label: nodes by id, null as `(none)`.
    static func text(_ value: Value) -> String {
        switch value {
        case .null: "(none)"
        case .node(let node): node.id
        default: VisibleText.of(value.displayText)
        }
    }
}
