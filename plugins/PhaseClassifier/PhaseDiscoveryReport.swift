import PluginAPI

/// The rows of `discover phases`: each period found, beside the reported phase whose start is
/// nearest to its own, and how many months apart the two starts are.
enum PhaseDiscoveryReport {
    static let columns = [
        "period", "from", "to", "incidents", "main sectors", "nearest reported phase", "months apart",
    ]

    /// Most periods asked for.
    static let maximumPeriods = 24

    static func rows(_ call: StageCall, periods k: Int, table: PhaseTable) throws(PluginError) -> RowSet {
        guard (1...maximumPeriods).contains(k) else {
            throw PluginError("k must be between 1 and \(maximumPeriods), not \(k)", hint: "discover phases 3")
        }
        var reader = EvidenceReader(graph: call.graph)
        var evidence: [IncidentEvidence] = []
        for (index, row) in call.rows.rows.enumerated() {
            if index % 4096 == 0, call.cancellation.isCancelled { throw .cancelled }
            if let node = row.node, let item = reader.evidence(of: node) { evidence.append(item) }
        }
        guard !evidence.isEmpty else {
            throw PluginError("no incidents among the rows", hint: "incidents | discover phases 3")
        }
        let found = try PhaseDiscovery(evidence: evidence).periods(k, cancellation: call.cancellation)
        let rows = found.enumerated().map { number, period -> Row in
            let start = PhaseDiscovery.month(of: period.start)
            let nearest = table.phases.min {
                abs(PhaseDiscovery.month(of: $0.start) - start) < abs(PhaseDiscovery.month(of: $1.start) - start)
            }
            let total = Double(period.incidents)
            let sectors = period.sectors.prefix(3).map {
                "\($0.sector) \(Int((Double($0.count) / total * 100).rounded())) %"
            }
            return Row(
                node: nil,
                values: [
                    .int(number + 1), .date(period.start), .date(period.end), .int(period.incidents),
                    .string(sectors.joined(separator: ", ")),
                    nearest.map { .string("phase \($0.number) from \($0.start.iso8601)") } ?? .null,
                    nearest.map { .int(start - PhaseDiscovery.month(of: $0.start)) } ?? .null,
                ])
        }
        return RowSet(columns: columns, rows: rows, carriesNodes: false)
    }
}
