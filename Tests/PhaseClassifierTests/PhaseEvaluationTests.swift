import Foundation
import PluginAPI
import SyntheticData
import Testing
import WorkSchedules
import Workbench

@testable import PhaseClassifier

@Suite("Phase classifier accuracy and discovery")
struct PhaseEvaluationTests {
    static let schedules = try? ScheduleBook.shipped()
    static let reported = try? BundledData.reportedLayer()

    /// A generated data set (reported layer + synthetic incidents) with another seed.
    static func generated(seed: UInt64, incidents: Int) throws -> IncidentGraph {
        let layer = try SyntheticLayer(
            options: GeneratorOptions(incidents: incidents, seed: seed), schedules: try #require(schedules))
        var text = ""
        layer.write(format: .jsonl, reported: try #require(reported), emit: { text += $0 })
        return try GraphFile.decode(Array(text.utf8), file: "generated.jsonl", format: .jsonl).graph
    }

    static func scorer() throws -> PhaseScorer {
        PhaseScorer(table: try PhaseTable.bundled(), configuration: .empty)
    }

    @Test("on the bundled data: at least 95 % overall and 85 % inside the overlap")
    func bundled() throws {
        let evaluation = try PhaseEvaluation(
            graph: try BundledData.mirrorFace().graph, scorer: try Self.scorer(), cancellation: .never)
        #expect(evaluation.overall.incidents == 206)
        #expect(evaluation.overall.accuracy >= 0.95)
        #expect(evaluation.overlap.incidents > 20)
        #expect(evaluation.overlap.accuracy >= 0.85)
    }

    @Test("on data generated with other seeds, the same targets hold", arguments: [1, 7, 2024] as [UInt64])
    func otherSeeds(seed: UInt64) throws {
        let evaluation = try PhaseEvaluation(
            graph: try Self.generated(seed: seed, incidents: 2000), scorer: try Self.scorer(), cancellation: .never)
        #expect(evaluation.overall.incidents == 2000)
        #expect(evaluation.overall.accuracy >= 0.95)
        #expect(evaluation.overlap.accuracy >= 0.85)
    }

    @Test("date alone cannot decide the overlap: the evaluation shows what sector and vector add")
    func evidence() throws {
        let graph = try BundledData.mirrorFace().graph
        let dateOnly = try PhaseEvaluation(
            graph: graph, scorer: try Self.scorer().ignoring(sector: true, vector: true), cancellation: .never)
        #expect(dateOnly.overlap.accuracy < 0.7)
    }

    @Test("discover phases 3 finds the reported phase starts within a month", arguments: [nil, 1, 7] as [UInt64?])
    func discovery(seed: UInt64?) throws {
        let graph = try seed.map { try Self.generated(seed: $0, incidents: 210) } ?? BundledData.mirrorFace().graph
        var reader = EvidenceReader(graph: graph)
        let evidence = graph.nodes(ofKind: "incident").compactMap { reader.evidence(of: $0) }
        let periods = try PhaseDiscovery(evidence: evidence).periods(3, cancellation: .never)
        let starts = periods.map { PhaseDiscovery.month(of: $0.start) }
        let reported = try PhaseTable.bundled().phases.map { PhaseDiscovery.month(of: $0.start) }
        #expect(starts.count == 3)
        for (found, expected) in zip(starts, reported) { #expect(abs(found - expected) <= 1) }
    }
}
