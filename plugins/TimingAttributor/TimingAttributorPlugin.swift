import Foundation
import PluginAPI
import WorkSchedules

/// Tests which time zone, working week and holiday calendar best explain a set of timestamps
/// (`attribute timing`, `in_schedule(ts, "CN")`), and measures itself on generated samples
/// (`:plugins eval timing-attributor`).
public struct TimingAttributorPlugin: Plugin {
    /// `timing-attributor`.
    public let name = "timing-attributor"
    /// Its version.
    public let version = "1.0.0"
    /// What it does.
    public let summary = "ranks working-time hypotheses (zone, week, hours, holidays) for the rows' timestamps"
    /// Written against plugin interface 1.
    public let supportedInterfaceVersions = 1...1

    /// The plugin.
    public init() {}

    /// `Data/defaults.json`: when to answer, and the size of the evaluation.
    public func defaultConfiguration() throws(PluginError) -> String? {
        guard let url = Bundle.module.url(forResource: "defaults", withExtension: "json", subdirectory: "Data"),
            let data = try? Data(contentsOf: url)
        else { throw PluginError("its data file defaults.json is missing", hint: "rebuild Kagami (`make run`)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Registers `attribute timing`, `in_schedule`, the evaluation, help and self-tests.
    public func register(into registrar: inout PluginRegistrar) throws(PluginError) {
        let book: ScheduleBook
        do {
            book = try ScheduleBook.shipped()
        } catch {
            throw PluginError("the working-time hypotheses cannot be read: \(error.description)")
        }
        let configuration = registrar.configuration
        let defaults = TimingAttribution.Thresholds()
        let thresholds = TimingAttribution.Thresholds(
            confidence: configuration.number("confidence", or: defaults.confidence),
            minimumEvents: Int(configuration.number("minimum_events", or: Double(defaults.minimumEvents))),
            nullPrior: min(max(configuration.number("null_prior", or: defaults.nullPrior), 0.01), 0.99),
            temper: min(max(configuration.number("temper", or: defaults.temper), 0.05), 1),
            mostOffSchedule: min(max(configuration.number("most_off_schedule", or: defaults.mostOffSchedule), 0), 1))
        let trials = Int(configuration.number("evaluation_trials", or: 50))
        let schedules = book.schedules

        registrar.stage(
            StageDefinition(
                StageSignature(
                    words: ["attribute", "timing"], acceptsOptionWords: true, grammar: "attribute timing [on COLUMN]",
                    summary: "rank working-time hypotheses (zone, week, hours, holidays) for the rows' timestamps",
                    columns: .replaces(TimingReport.columns))
            ) { call throws(PluginError) in
                let timestamps = try TimestampReader(call)
                let attribution = try TimingAttribution(
                    timestamps.instants, schedules: schedules, thresholds: thresholds, cancellation: call.cancellation)
                return TimingReport.rows(attribution, read: timestamps)
            })
        registrar.stage(
            StageDefinition(
                StageSignature(
                    words: ["timing", "heatmap"], acceptsOptionWords: true, grammar: "timing heatmap [on COLUMN]",
                    summary:
                        "hour × weekday grid of the timestamps in the best hypothesis's time zone, with the verdict",
                    columns: .replaces(TimingHeatmap.columns))
            ) { call throws(PluginError) in
                let timestamps = try TimestampReader(call)
                let attribution = try TimingAttribution(
                    timestamps.instants, schedules: schedules, thresholds: thresholds, cancellation: call.cancellation)
                return TimingHeatmap.rows(attribution, read: timestamps)
            })
        registrar.function(
            FunctionDefinition(
                "in_schedule", parameters: [Parameter("time", .instant), Parameter("hypothesis", .string)],
                summary: "whether an instant falls in a hypothesis's working time (`in_schedule(ts, \"CN\")`)"
            ) { call throws(PluginError) in
                guard case .instant(let instant) = call.arguments[0] else { return .null }
                guard case .string(let code) = call.arguments[1], let schedule = book.schedule(code) else {
                    throw PluginError(
                        "no hypothesis `\(call.arguments[1].displayText)`",
                        hint: "hypotheses: " + schedules.map(\.code).joined(separator: ", "))
                }
                return .bool(schedule.isWorkingTime(instant))
            })
        registrar.evaluation(
            summary:
                "how often the true hypothesis is named: on samples from its own model (in-model) and on independent actors (out-of-model)"
        ) {
            call throws(PluginError) in
            let evaluation = try TimingEvaluation(
                schedules: schedules, trials: trials, thresholds: thresholds, cancellation: call.cancellation)
            let independent = try OutOfModelEvaluation(
                schedules: schedules, trials: trials, thresholds: thresholds, cancellation: call.cancellation)
            return .tables(independent.tables + evaluation.tables.map { ("IN-MODEL: " + $0.title, $0.table) })
        }
        registrar.helpTopic(HelpTopic("timing", text: TimingReport.help(schedules)))
        registrar.selfTest(
            SelfTest(
                #"incidents | where actor == @mirrorface | attribute timing | select hypothesis | take 1"#,
                expected: "hypothesis\nCN"))
        registrar.selfTest(SelfTest(#"in_schedule(2024-06-03T01:30Z, "CN")"#, expected: "true"))
        registrar.selfTest(SelfTest(#"in_schedule(2024-06-03T04:30Z, "CN")"#, expected: "false"))
    }
}
