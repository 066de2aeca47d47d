import PluginAPI

/// Compares the classifier's phases with the ground truth of synthetic incidents
/// (`true_phase`): accuracy and the confusion matrix, overall and where windows overlap.
struct PhaseEvaluation: Sendable, Equatable {
    /// Labelled incidents seen, and how many got their true phase.
    struct Score: Sendable, Equatable {
        var incidents = 0
        var correct = 0
        /// `confusion[truth][predicted]`, predicted `nil` for "no phase".
        var confusion: [Int: [Int?: Int]] = [:]

        /// Share correct, 0 when there were none.
        var accuracy: Double { incidents == 0 ? 0 : Double(correct) / Double(incidents) }

        mutating func add(truth: Int, predicted: Int?) {
            incidents += 1
            if truth == predicted { correct += 1 }
            confusion[truth, default: [:]][predicted, default: 0] += 1
        }
    }

    /// Every labelled incident.
    var overall = Score()
    /// Those on days inside two or more phase windows (Feb–Jul 2023 in the reported table).
    var overlap = Score()

    /// Classifies every incident of the graph that has a `true_phase`.
    init(graph: IncidentGraph, scorer: PhaseScorer, cancellation: CancellationCheck) throws(PluginError) {
        var reader = EvidenceReader(graph: graph)
        let kind = graph.schema.kindPosition(of: "incident")
        let truthColumn = kind.flatMap { graph.propertyColumn("true_phase", kindIndex: $0) }
        guard let truthColumn else {
            throw PluginError(
                "the data has no `true_phase` labels to compare with",
                hint: "evaluate on the bundled data or on `kagami generate` output")
        }
        for (index, node) in graph.nodes(ofKind: "incident").enumerated() {
            if index % 4096 == 0, cancellation.isCancelled { throw .cancelled }
            guard case .int(let truth) = graph.value(column: truthColumn, of: node),
                let evidence = reader.evidence(of: node)
            else { continue }
            let predicted = scorer.classify(evidence).phase
            overall.add(truth: truth, predicted: predicted)
            if let day = evidence.day, scorer.table.phases.filter({ $0.distance(to: day) == 0 }).count >= 2 {
                overlap.add(truth: truth, predicted: predicted)
            }
        }
    }

    /// The report: one line of accuracy and a confusion matrix for each part.
    func tables(phases: [Int]) -> [(title: String, table: Table)] {
        [("overall", overall), ("inside overlapping windows", overlap)].map { title, score in
            let heading =
                "\(title): accuracy \(Self.percent(score.accuracy)) (\(score.correct) of \(score.incidents) labelled incidents)"
            let columns = ["true phase"] + phases.map { "predicted \($0)" } + ["no phase"]
            let rows = phases.map { truth -> [Value] in
                let row = score.confusion[truth] ?? [:]
                return [.int(truth)] + phases.map { .int(row[$0] ?? 0) } + [.int(row[nil] ?? 0)]
            }
            return (heading, Table(columns: columns, rows: rows))
        }
    }

    /// Accuracy with each kind of evidence left out in turn: what date, sector and vector add.
    static func evidenceTable(graph: IncidentGraph, scorer: PhaseScorer, cancellation: CancellationCheck)
        throws(PluginError) -> (title: String, table: Table)
    {
        let variants: [(String, PhaseScorer)] = [
            ("date only", scorer.ignoring(sector: true, vector: true)),
            ("date and sector", scorer.ignoring(sector: false, vector: true)),
            ("date and vector", scorer.ignoring(sector: true, vector: false)),
            ("date, sector and vector", scorer),
        ]
        var rows: [[Value]] = []
        for (name, variant) in variants {
            let evaluation = try PhaseEvaluation(graph: graph, scorer: variant, cancellation: cancellation)
            rows.append([
                .string(name), .string(percent(evaluation.overall.accuracy)),
                .string(percent(evaluation.overlap.accuracy)),
            ])
        }
        return ("what each kind of evidence adds", Table(columns: ["evidence", "overall", "overlap"], rows: rows))
    }

    private static func percent(_ share: Double) -> String {
        String(Int((share * 1000).rounded()) / 10) + "." + String(Int((share * 1000).rounded()) % 10) + " %"
    }
}
