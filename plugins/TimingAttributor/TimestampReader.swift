import PluginAPI

/// The timestamps of the incoming rows: a column or node property named with `on NAME`, else
/// each node's time property (`ts` for incidents), else a column called `ts`. Timestamps
/// recorded only to the day or month (`ts_precision`) carry no time of day and are left out.
struct TimestampReader {
    /// The instants found.
    private(set) var instants: [Instant] = []
    /// How many were left out for their precision.
    private(set) var imprecise = 0

    init(_ call: StageCall) throws(PluginError) {
        let rows = call.rows
        let graph = call.graph
        var name: String?
        switch call.optionWords {
        case []: break
        case let words where words.count == 2 && words[0] == "on": name = words[1]
        default:
            throw PluginError(
                "expected `on COLUMN` after `attribute timing`, found `\(call.optionWords.joined(separator: " "))`",
                hint: "attribute timing on ts")
        }
        let column = (name ?? (rows.carriesNodes ? nil : "ts")).flatMap { rows.columns.firstIndex(of: $0) }
        guard column != nil || rows.carriesNodes else {
            throw PluginError(
                "the rows have no `\(name ?? "ts")` column of timestamps", hint: "attribute timing on COLUMN")
        }
        for (index, row) in rows.rows.enumerated() {
            if index % 8192 == 0, call.cancellation.isCancelled { throw .cancelled }
            let value: Value
            if let column {
                value = row.values[column]
            } else if let node = row.node {
                let property = name ?? graph.kind(of: node).timeProperty ?? "ts"
                if case .string(let precision) = graph.value(property + "_precision", of: node),
                    precision == "day" || precision == "month"
                {
                    imprecise += 1
                    continue
                }
                value = graph.value(property, of: node)
            } else {
                continue
            }
            if case .instant(let instant) = value { instants.append(instant) }
        }
    }
}
