import IncidentGraph
import WorkSchedules

/// The synthetic incident layer: incident-level records that reproduce the published totals
/// of the MirrorFace campaign, every one marked `provenance: synthetic` and carrying its ground
/// truth (`true_phase`, `schedule`, `drawn_from`, `is_lure`), linked to the reported nodes.
///
/// Generated month by month, each month's batch from its own seeded stream and sorted by time,
/// so that ten million incidents need no more memory than one month of them.
public struct SyntheticLayer {
    /// The published number of cases (S1, S2).
    public static let publishedTotal = SyntheticModel.publishedTotal
    /// The default size: the published 210 less the four reported JAXA intrusions, which
    /// count inside it.
    public static let bundledSize = SyntheticModel.bundledSize
    /// The seed of the bundled set.
    public static let defaultSeed = SyntheticModel.defaultSeed
    /// The default noise share.
    public static let defaultNoise = SyntheticModel.defaultNoise

    /// The options generated from.
    public let options: GeneratorOptions
    let schedule: WorkSchedule
    let plan: MonthlyPlan
    /// Placeholder organisations available per sector (numbered 1…size).
    let orgPools: [String: Int]

    /// A layer for some options; fails on an unknown schedule or out-of-range numbers.
    public init(options: GeneratorOptions, schedules: ScheduleBook) throws(GeneratorError) {
        guard options.incidents >= 0, options.incidents <= 100_000_000 else {
            throw GeneratorError("--incidents must be between 0 and 100000000, not \(options.incidents)")
        }
        guard (0...1).contains(options.noise) else {
            throw GeneratorError("--noise is a share between 0 and 1, not \(options.noise)")
        }
        guard let schedule = schedules.schedule(options.schedule) else {
            throw GeneratorError(
                "unknown schedule `\(options.schedule)`; shipped schedules: "
                    + schedules.schedules.map(\.code).joined(separator: ", "))
        }
        self.options = options
        self.schedule = schedule
        plan = MonthlyPlan(total: options.incidents, schedule: schedule)
        var expected: [String: Double] = [:]
        for (campaign, count) in zip(SyntheticModel.campaigns, SyntheticModel.counts(total: options.incidents)) {
            let weightSum = campaign.sectors.reduce(0) { $0 + $1.1 }
            for (sector, weight) in campaign.sectors {
                expected[sector, default: 0] += Double(count) * weight / weightSum
            }
        }
        // Room for a quarter more than expected, so that in the published-size set almost
        // every incident has its own target, as the NPA's "210 organisations" suggests; large
        // sets reuse at most a thousand organisations per sector.
        orgPools = expected.mapValues { min(SyntheticModel.largestSectorPool, max(1, Int(($0 * 1.25).rounded(.up)))) }
    }

    /// The incidents, one month's batch at a time in time order, numbered from 1.
    func forEachBatch(_ body: ([(number: Int, incident: SyntheticIncident)]) throws -> Void) rethrows {
        let drawer = IncidentDrawer(schedule: schedule, noise: options.noise)
        var number = 0
        for (monthIndex, month) in plan.months.enumerated() {
            var batch: [SyntheticIncident] = []
            for (campaignIndex, count) in plan.counts[monthIndex].enumerated() where count > 0 {
                var random = SeededRandom(seed: options.seed, stream: UInt64(monthIndex * 8 + campaignIndex))
                batch += drawer.draw(count, of: campaignIndex, in: month, random: &random)
            }
            batch.sort { a, b in
                (a.ts.millisecondsSinceEpoch, a.campaignIndex, a.drawOrder)
                    < (b.ts.millisecondsSinceEpoch, b.campaignIndex, b.drawOrder)
            }
            let numbered = batch.map { incident in
                number += 1
                return (number, incident)
            }
            try body(numbered)
        }
    }

    /// The id of the incident with a number (`inc-0042`), zero-padded to the largest number.
    func incidentID(_ number: Int) -> String {
        let digits = String(number)
        let width = max(4, String(options.incidents).count)
        return "inc-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Options the generator cannot honour, described for the command line.
public struct GeneratorError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and what is allowed.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
