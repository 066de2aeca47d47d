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
        // Each kind's columns, looked up when a node of the kind first comes.
        var columnsOfKind = [NodeColumns?](repeating: nil, count: graph.schema.kinds.count)
        func columns(of node: NodeID) -> NodeColumns {
            let kind = graph.kindIndex(of: node)
            if let known = columnsOfKind[kind] { return known }
            let found = NodeColumns(graph, kindIndex: kind, property: name)
            columnsOfKind[kind] = found
            return found
        }
        var lastSchedule: String?
        for (index, row) in rows.rows.enumerated() {
            if index % 8192 == 0, call.cancellation.isCancelled { throw .cancelled }
            let nodeColumns = row.node.map(columns(of:))
            let value: Value
            if let column {
                value = row.values[column]
            } else if let node = row.node, let nodeColumns {
                if case .string(let precision) = nodeColumns.read(nodeColumns.precision, of: node, in: graph),
                    precision == "day" || precision == "month"
                {
                    imprecise += 1
                    continue
                }
                value = nodeColumns.time(of: node, in: graph)
            } else {
                continue
            }
            guard case .instant(let instant) = value else { continue }
            instants.append(instant)
            if let node = row.node, let nodeColumns {
                let origin = graph.origin(of: node)
                provenance.add(origin, kindIndex: graph.kindIndex(of: node))
                // Runs of one schedule are the rule: a text compared, not hashed.
                if origin == .synthetic,
                    case .string(let schedule) = nodeColumns.read(nodeColumns.schedule, of: node, in: graph),
                    schedule != lastSchedule
                {
                    generatedFrom.insert(schedule)
                    lastSchedule = schedule
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

/// Where the nodes of one kind keep the timestamp read, its precision (`ts_precision`) and
/// the schedule a synthetic one was drawn from: looked up once per kind, not by name for every
/// row.
private struct NodeColumns {
    /// The property holding the timestamp: `on NAME`'s, else the kind's time property, else `ts`.
    let property: String
    /// The columns in the kind's table; nil where the kind does not declare the property.
    let time: Int?
    let precision: Int?
    let schedule: Int?

    init(_ graph: IncidentGraph, kindIndex: Int, property name: String?) {
        property = name ?? graph.schema.kinds[kindIndex].timeProperty ?? "ts"
        time = graph.propertyColumn(property, kindIndex: kindIndex)
        precision = graph.propertyColumn(property + "_precision", kindIndex: kindIndex)
        schedule = graph.propertyColumn("schedule", kindIndex: kindIndex)
    }

    /// The timestamp of a node of the kind (a built-in such as `id` when the kind declares no
    /// such property).
    func time(of node: NodeID, in graph: IncidentGraph) -> Value {
        time.map { graph.value(column: $0, of: node) } ?? graph.value(property, of: node)
    }

    /// The value in `column` of a node of the kind, `null` when the kind has no such column.
    func read(_ column: Int?, of node: NodeID, in graph: IncidentGraph) -> Value {
        column.map { graph.value(column: $0, of: node) } ?? .null
    }
}
