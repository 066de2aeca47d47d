import Foundation
import PluginAPI

/// Places incidents in the three reported phases of the MirrorFace campaign
/// (`classify phases`, `phase_of(x)`), rediscovers phases from the data (`discover phases`),
/// and measures itself against the synthetic ground truth (`:plugins eval phase-classifier`).
public struct PhaseClassifierPlugin: Plugin {
    /// `phase-classifier`.
    public let name = "phase-classifier"
    /// Its version.
    public let version = "1.0.0"
    /// What it does.
    public let summary = "places incidents in the reported campaign phases and rediscovers phases from the data"
    /// Written against plugin interface 1.
    public let supportedInterfaceVersions = 1...1

    /// The plugin.
    public init() {}

    /// `Data/defaults.json`: window edges, how far outside a window still counts, evidence weights.
    public func defaultConfiguration() throws(PluginError) -> String? {
        String(decoding: try PhaseClassifierFiles.data(named: "defaults"), as: UTF8.self)
    }

    /// Registers the stages, `phase_of`, the evaluation, the `phases` help topic and self-tests.
    public func register(into registrar: inout PluginRegistrar) throws(PluginError) {
        let table = try PhaseTable.bundled()
        let scorer = PhaseScorer(table: table, configuration: registrar.configuration)
        let defaultPeriods = Int(registrar.configuration.number("discover_default_k", or: 3))

        registrar.stage(
            StageDefinition(
                StageSignature(
                    words: ["classify", "phases"],
                    summary: "add phase, phase_p and phase_why to incidents, from date, target sector and vector",
                    columns: .adds(["phase", "phase_p", "phase_why"]))
            ) { call throws(PluginError) in try Self.classify(call, scorer) })
        registrar.stage(
            StageDefinition(
                StageSignature(
                    words: ["discover", "phases"], parameters: [Parameter("k", .int, optional: true)],
                    summary:
                        "split the incidents' timeline into k periods by target-sector mix, beside the reported phases",
                    columns: .replaces(PhaseDiscoveryReport.columns))
            ) { call throws(PluginError) in
                var periods = defaultPeriods
                if case .int(let k) = call.arguments.first { periods = k }
                return try PhaseDiscoveryReport.rows(call, periods: periods, table: table)
            })
        registrar.function(
            FunctionDefinition(
                "phase_of", parameters: [Parameter("incident", .node)],
                summary: "the reported phase an incident is placed in (null when none fits)"
            ) { call throws(PluginError) in
                var reader = EvidenceReader(graph: call.graph)
                guard case .node(let node) = call.arguments[0], let evidence = reader.evidence(of: node.node)
                else { return .null }
                return scorer.classify(evidence).phase.map(Value.int) ?? .null
            })
        registrar.evaluation(
            summary: "accuracy on independent incidents (out-of-model) and against the synthetic true_phase (in-model)"
        ) {
            call throws(PluginError) in
            let independent = PhaseOutOfModel(scorer: scorer, count: 2000)
            let evaluation = try PhaseEvaluation(graph: call.graph, scorer: scorer, cancellation: call.cancellation)
            let evidence = try PhaseEvaluation.evidenceTable(
                graph: call.graph, scorer: scorer, cancellation: call.cancellation)
            let inModel = (evaluation.tables(phases: table.phases.map(\.number)) + [evidence]).map {
                ("IN-MODEL (the synthetic layer's true_phase): " + $0.title, $0.table)
            }
            return .tables(independent.tables + inModel)
        }
        registrar.helpTopic(HelpTopic("phases", text: Self.help(table)))
        for test in PhaseSelfTests.all { registrar.selfTest(test) }
    }

    /// Adds the three columns. Incidents with the same evidence get the same answer, so each
    /// distinct (day, sector, vector) is scored once.
    private static func classify(_ call: StageCall, _ scorer: PhaseScorer) throws(PluginError) -> RowSet {
        var reader = EvidenceReader(graph: call.graph)
        var answers: [IncidentEvidence: [Value]] = [:]
        let notIncident: [Value] = [.null, .null, .string("not an incident")]
        var output = call.rows
        output.columns += ["phase", "phase_p", "phase_why"]
        for index in output.rows.indices {
            if index % 4096 == 0, call.cancellation.isCancelled { throw .cancelled }
            guard let node = output.rows[index].node, let evidence = reader.evidence(of: node) else {
                output.rows[index].values += notIncident
                continue
            }
            if let known = answers[evidence] {
                output.rows[index].values += known
                continue
            }
            let result = scorer.classify(evidence)
            let answer: [Value] = [
                result.phase.map(Value.int) ?? .null, result.probability.map(Value.double) ?? .null,
                .string(result.why),
            ]
            answers[evidence] = answer
            output.rows[index].values += answer
        }
        return output
    }

    private static func help(_ table: PhaseTable) -> String {
        var lines = [
            "Phase classifier: `incidents | classify phases` adds phase, phase_p (its probability) and",
            "phase_why (the evidence that decided). It sees only date, target sector and vector.",
            "`discover phases [k]` splits the timeline into k periods by sector mix, beside the reported phases.",
            "`phase_of(x)` gives one incident's phase. `:plugins eval phase-classifier` measures accuracy.",
            "The reported phases (plugins/PhaseClassifier/Data/phases.json):",
        ]
        for phase in table.phases {
            lines.append(
                "  \(phase.number)  \(phase.window)  \(phase.name); sectors \(phase.sectors.sorted().joined(separator: ", ")); vectors \(phase.vectors.sorted().joined(separator: ", "))"
            )
        }
        lines.append(
            "Settings (`:plugins config phase-classifier`): edge_days, outside_days, sector_weight, vector_weight.")
        return lines.joined(separator: "\n")
    }
}
