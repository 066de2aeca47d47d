import PluginAPI

/// The timestamps of the incoming rows: a column or node property named with `on NAME`, else
/// each node's time property (`ts` for incidents), else a column called `ts`. Timestamps
/// recorded only to the day or month (`ts_precision`) carry no time of day and are left out.
struct TimestampReader {
    /// The instants found.
    private(set) var instants: [Instant] = []
    /// How many were left out for their precision.
    private(set) var imprecise = 0
    /// Where the timestamps read from nodes come from.
    private(set) var provenance = ProvenanceTally()
    /// The working-time schedules the synthetic ones were generated from (their ground truth).
    private(set) var generatedFrom: Set<String> = []

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
            guard case .instant(let instant) = value else { continue }
            instants.append(instant)
            if let node = row.node {
                let origin = graph.origin(of: node)
                provenance.add(origin, kindIndex: graph.kindIndex(of: node))
                if origin == .synthetic, case .string(let schedule) = graph.value("schedule", of: node) {
                    generatedFrom.insert(schedule)
                }
            }
        }
        // Rows that are not nodes (an imported file) say what they were made from.
        if provenance.total == 0, let table = rows.computedFrom { provenance = table }
    }

    /// What the verdict rests on, when it is not reported timestamps alone: `input: 206
    /// synthetic timestamps drawn from schedule CN — this recovers the generator's model and
    /// is not evidence about who made them`.
    var inputRemark: String? {
        guard provenance.restsOnUnreportedData else { return nil }
        let parts = Provenance.Origin.allCases.filter { provenance.count(of: $0) > 0 }.map {
            "\(provenance.count(of: $0)) \($0.rawValue)"
        }
        var remark = "input: " + parts.joined(separator: ", ") + " timestamps"
        let synthetic = provenance.count(of: .synthetic)
        if synthetic > 0 {
            if !generatedFrom.isEmpty {
                let schedules = "drawn from schedule " + generatedFrom.sorted().joined(separator: ", ")
                remark += synthetic == provenance.total ? " " + schedules : " (the synthetic ones \(schedules))"
            }
            remark +=
                synthetic * 2 > provenance.total
                ? " — this recovers the generator's model and is not evidence about who made them"
                : " — generated timestamps weigh in the verdict: filter on provenance to judge the rest alone"
        }
        return remark
    }
}
