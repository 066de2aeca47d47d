import PluginAPI
import WorkSchedules

/// The attributor on samples drawn from each schedule: 80 % of timestamps uniform in its
/// working time, 20 % at any time, 2021–2023, every hypothesis (the uniform null included) a
/// candidate. For each sample size, how often the true schedule is named, how often the
/// attributor abstains, and how often it names a wrong one with confidence; then samples with
/// no schedule at all (which the attributor should call "no schedule" or abstain on), and China
/// against Taiwan alone.
struct TimingEvaluation {
    static let sizes = [25, 50, 100, 210, 1000]
    static let noise = 0.2
    /// 2021-01-01 ... 2023-12-31, as days since the epoch.
    static let window = 18_628...19_722

    /// Outcomes of the trials at one sample size.
    struct Outcomes {
        var correct = 0
        var abstained = 0
        var wrong = 0
        var trials: Int { correct + abstained + wrong }

        mutating func add(_ attribution: TimingAttribution, truth: String) {
            if !attribution.isConfident {
                abstained += 1
            } else if attribution.fits.first?.schedule.code == truth {
                correct += 1
            } else {
                wrong += 1
            }
        }
    }

    private(set) var all: [Int: Outcomes] = [:]
    private(set) var unscheduled: [Int: Outcomes] = [:]
    private(set) var chinaTaiwan: [Int: Outcomes] = [:]
    let hypotheses: Int
    let trials: Int

    init(
        schedules: [WorkSchedule], trials: Int, thresholds: TimingAttribution.Thresholds,
        cancellation: CancellationCheck
    ) throws(PluginError) {
        hypotheses = schedules.count
        self.trials = trials
        let times = WorkingTime.layOut(schedules, days: Self.window)
        var random = SampleRandom(seed: 2025_01_08)
        for (truth, time) in zip(schedules, times) {
            for size in Self.sizes {
                for _ in 0..<trials {
                    if cancellation.isCancelled { throw .cancelled }
                    let sample = Self.sample(size, from: time, random: &random)
                    let attribution = try TimingAttribution(
                        sample, times: times, days: Self.window, thresholds: thresholds, cancellation: cancellation)
                    if truth.code == TimingAttribution.null {
                        unscheduled[size, default: Outcomes()].add(attribution, truth: truth.code)
                    } else {
                        all[size, default: Outcomes()].add(attribution, truth: truth.code)
                    }
                }
            }
        }
        let pair = zip(schedules, times).filter { ["CN", "TW"].contains($0.0.code) }.map(\.1)
        for truth in pair {
            for size in Self.sizes {
                for _ in 0..<trials {
                    let sample = Self.sample(size, from: truth, random: &random)
                    let attribution = try TimingAttribution(
                        sample, times: pair, days: Self.window, thresholds: thresholds, cancellation: cancellation)
                    chinaTaiwan[size, default: Outcomes()].add(attribution, truth: truth.schedule.code)
                }
            }
        }
    }

    /// `size` instants: each uniform in the hypothesis's working time, or at any time (noise).
    static func sample(_ size: Int, from time: WorkingTime, random: inout SampleRandom) -> [Instant] {
        let start = Int64(window.lowerBound) * 86_400_000
        let span = UInt64(window.count) * 86_400_000
        func any() -> Instant {
            Instant(millisecondsSinceEpoch: start + Int64(random.next() % span / 60_000 * 60_000))
        }
        var instants: [Instant] = []
        while instants.count < size {
            if random.unit() < noise || time.workingDays == 0 {
                instants.append(any())
                continue
            }
            var candidate = any()
            while !time.place(candidate).inWorkingTime { candidate = any() }
            instants.append(candidate)
        }
        return instants
    }

    var tables: [(title: String, table: Table)] {
        func rows(_ outcomes: [Int: Outcomes]) -> [[Value]] {
            Self.sizes.map { size in
                let result = outcomes[size] ?? Outcomes()
                let total = Double(max(result.trials, 1))
                return [
                    .int(size), .int(result.trials), .string(Percent.text(Double(result.correct) / total)),
                    .string(Percent.text(Double(result.abstained) / total)),
                    .string(Percent.text(Double(result.wrong) / total)),
                ]
            }
        }
        let columns = ["events", "samples", "true one named", "abstained", "wrong but confident"]
        return [
            (
                "samples from each of \(hypotheses - 1) schedules (\(trials) per size, 20 % off-schedule noise), all \(hypotheses) hypotheses and the untested places on their clocks tested",
                Table(columns: columns, rows: rows(all))
            ),
            ("samples with no schedule (uniform in time)", Table(columns: columns, rows: rows(unscheduled))),
            ("China against Taiwan only (same UTC+8 clock)", Table(columns: columns, rows: rows(chinaTaiwan))),
        ]
    }
}
