import ArgumentParser
import Foundation
import IncidentGraph
import SyntheticData
import WorkSchedules
import Workbench

/// `kagami generate`: the synthetic incident layer merged with the reported facts.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate synthetic MirrorFace incidents (deterministic: the same options give the same bytes).",
        discussion: "The model and every parameter are described in docs/synthetic-data.md.")

    @Option(help: "Number of synthetic incidents (206 by default: with the 4 reported JAXA intrusions, the published 210).")
    var incidents = SyntheticLayer.bundledSize

    @Option(help: "Random seed.")
    var seed = SyntheticLayer.defaultSeed

    @Option(
        help:
            "Working-time schedule the timestamps are drawn from (CN, TW, JP, HK, SG, KR, KP, RU, IR, VN, GB, US-EAST, UNIFORM)."
    )
    var schedule = "CN"

    @Option(help: "Share (0-1) of timestamps drawn from any hour of any day.")
    var noise = SyntheticLayer.defaultNoise

    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var out: String?

    @Option(help: "json, jsonl or csv (default: from the --out extension, else jsonl).")
    var format: String?

    func run() throws {
        let chosen = try outputFormat()
        let options = GeneratorOptions(incidents: incidents, seed: seed, schedule: schedule, noise: noise)
        let layer: SyntheticLayer
        let reported: GraphDocument
        do {
            layer = try SyntheticLayer(options: options, schedules: try ScheduleBook.shipped())
            reported = try BundledData.reportedLayer()
        } catch let error as GeneratorError {
            throw ValidationError(error.description)
        }
        let showProgress = isatty(STDERR_FILENO) == 1 && incidents >= 100_000
        let report: (Int) -> Void = { done in
            if showProgress {
                Output.rawError("\rgenerated \(done) of \(incidents) incidents")
            }
        }
        if let out {
            let file = try AtomicFileWriter(path: out)
            var failure: GraphError?
            layer.write(
                format: chosen, reported: reported,
                emit: { text in
                    guard failure == nil else { return }
                    do throws(GraphError) { try file.write(text) } catch { failure = error }
                }, progress: report)
            if let failure { throw failure }
            try file.commit()
        } else {
            var buffer = ""
            layer.write(
                format: chosen, reported: reported,
                emit: { text in
                    buffer += text
                    if buffer.utf8.count >= 1 << 20 {
                        Output.raw(buffer)
                        buffer = ""
                    }
                }, progress: report)
            Output.raw(buffer)
        }
        if showProgress { Output.rawError("\n") }
    }

    private func outputFormat() throws -> GeneratedFormat {
        if let format {
            guard let chosen = GeneratedFormat(rawValue: format) else {
                throw ValidationError("--format must be json, jsonl or csv, not \(format)")
            }
            return chosen
        }
        guard let out else { return .jsonl }
        if out.hasSuffix(".csv") { return .csv }
        return out.hasSuffix(".json") ? .json : .jsonl
    }
}
