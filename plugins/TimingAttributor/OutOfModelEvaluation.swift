import PluginAPI
import WorkSchedules

/// The attributor on the out-of-model actors (``OutOfModelActor``): how often it names the
/// right hypothesis, says no hypothesis fits, abstains, or is wrong with confidence — and
/// whether the confidence it states matches how often it is right (a reliability table).
struct OutOfModelEvaluation {
    static let sizes = [60, 210]

    /// Outcomes for actors of one kind at one size.
    struct Outcomes {
        var correct = 0
        /// Undecided, leaning to the true hypothesis.
        var ledRight = 0
        var noFit = 0
        /// No place named, but the right clock (its hypotheses together sure enough).
        var clockOnly = 0
        var abstained = 0
        /// Undecided, leaning to a wrong hypothesis (its posterior below the confidence asked).
        var ledWrong = 0
        /// A wrong place, or a clock without the true place, named with confidence; or a wrong
        /// place ranked first with a posterior as high as a confident verdict's, named or not.
        var wrong = 0
        var trials: Int { correct + ledRight + noFit + clockOnly + abstained + ledWrong + wrong }
        /// Samples whose true hypothesis ranked first, named or not — what issue 15 counts as
        /// correct (the attributor it measured always named the first-ranked).
        var trueFirst = 0
        /// How often each hypothesis ranked first.
        var ranked: [String: Int] = [:]

        /// The hypothesis ranked first most often.
        var usuallyFirst: String {
            ranked.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? "–"
        }

        /// Counts one attribution of a sample whose true hypothesis is `truth` (nil: none).
        mutating func add(_ attribution: TimingAttribution, truth: String?, confidence: Double) {
            let first = attribution.fits.first
            ranked[first?.schedule.code ?? "–", default: 0] += 1
            if let first, first.schedule.code == truth { trueFirst += 1 }
            let right = first?.schedule.code == truth
            if attribution.isConfident {
                if right { correct += 1 } else { wrong += 1 }
            } else if let first, !right, attribution.posteriorsHold, attribution.firstIsTestedPlace,
                first.posterior >= confidence
            {
                wrong += 1
            } else if attribution.noHypothesisFits {
                noFit += 1
            } else if let clock = attribution.clockOnly {
                if let truth, clock.contains(truth) { clockOnly += 1 } else { wrong += 1 }
            } else if attribution.lead != nil {
                if right { ledRight += 1 } else { ledWrong += 1 }
            } else {
                abstained += 1
            }
        }
    }

    /// Actors with a matching hypothesis, by size.
    private(set) var matched: [Int: Outcomes] = [:]
    /// Actors without one, by size.
    private(set) var unmatched: [Int: Outcomes] = [:]
    /// Per actor and size.
    private(set) var byActor: [(actor: String, size: Int, outcomes: Outcomes)] = []
    /// Stated probability of the named hypothesis against how often it was right.
    private(set) var reliability = Reliability(edges: [0.5, 0.9, 0.99, 0.999, 1])
    /// Stated probability of the first-ranked tested place, named or not, against how often it
    /// was right: whether the posteriors the table shows can be read as probabilities.
    private(set) var ranking = Reliability(edges: [0, 0.5, 0.8, 0.95, 0.99, 1])
    let trials: Int

    init(
        schedules: [WorkSchedule], trials: Int, thresholds: TimingAttribution.Thresholds,
        cancellation: CancellationCheck
    ) throws(PluginError) {
        self.trials = trials
        let times = WorkingTime.layOut(schedules, days: TimingEvaluation.window)
        var calendars: [String: HolidayCalendar] = [:]
        for schedule in schedules { if let calendar = schedule.calendar { calendars[calendar.code] = calendar } }
        var random = SampleRandom(seed: 2026_12_02)
        for actor in OutOfModelActor.all {
            for size in Self.sizes {
                var outcomes = Outcomes()
                for _ in 0..<trials {
                    if cancellation.isCancelled { throw .cancelled }
                    let sample = actor.sample(size, calendars: calendars, random: &random)
                    let attribution = try TimingAttribution(
                        sample, times: times, days: TimingEvaluation.window, thresholds: thresholds,
                        cancellation: cancellation)
                    outcomes.add(attribution, truth: actor.truth, confidence: thresholds.confidence)
                    if let first = attribution.fits.first, attribution.posteriorsHold, attribution.firstIsTestedPlace {
                        let right = first.schedule.code == actor.truth
                        ranking.record(first.posterior, right: right)
                        if attribution.isConfident { reliability.record(first.posterior, right: right) }
                    }
                }
                byActor.append((actor.name, size, outcomes))
                if actor.truth == nil {
                    unmatched[size, default: Outcomes()].add(outcomes)
                } else {
                    matched[size, default: Outcomes()].add(outcomes)
                }
            }
        }
    }

    /// The figures, each table titled with what data it comes from and that it is out-of-model.
    var tables: [(title: String, table: Table)] {
        let columns = [
            "events", "samples", "true one named", "leaning to the true one", "only its clock named",
            "no hypothesis fits", "abstained", "leaning to a wrong one", "wrong but confident", "true one ranked first",
        ]
        func row(_ size: Int, _ outcomes: Outcomes) -> [Value] {
            let shares = [
                outcomes.correct, outcomes.ledRight, outcomes.clockOnly, outcomes.noFit, outcomes.abstained,
                outcomes.ledWrong, outcomes.wrong, outcomes.trueFirst,
            ]
            let total = Double(max(outcomes.trials, 1))
            return [.int(size), .int(outcomes.trials)] + shares.map { .string(Percent.text(Double($0) / total)) }
        }
        let actors = OutOfModelActor.all
        return [
            (
                "OUT-OF-MODEL: \(actors.filter { $0.truth != nil }.count) actors with a matching hypothesis, made by independent code (other hours, wandering days, lunches, skipped make-up days, evening and weekend overtime), \(trials) samples per size",
                Table(columns: columns, rows: Self.sizes.map { row($0, matched[$0] ?? Outcomes()) })
            ),
            (
                "OUT-OF-MODEL: \(actors.filter { $0.truth == nil }.count) actors no hypothesis matches (night shift, every-day team, Los Angeles, New Delhi, São Paulo, two teams)",
                Table(columns: columns, rows: Self.sizes.map { row($0, unmatched[$0] ?? Outcomes()) })
            ),
            (
                "OUT-OF-MODEL: each actor",
                Table(
                    columns: ["actor"] + columns + ["ranked first most"],
                    rows: byActor.map {
                        [.string($0.actor)] + row($0.size, $0.outcomes) + [.string($0.outcomes.usuallyFirst)]
                    })
            ),
            (
                "OUT-OF-MODEL reliability: stated probability of the named hypothesis against how often it was right",
                reliability.table(answers: "named")
            ),
            (
                "OUT-OF-MODEL reliability: posterior of the first-ranked tested place, named or not, against how often it was right (every sample whose posteriors are shown)",
                ranking.table(answers: "ranked first")
            ),
        ]
    }
}

extension OutOfModelEvaluation.Outcomes {
    mutating func add(_ other: Self) {
        correct += other.correct
        ledRight += other.ledRight
        ledWrong += other.ledWrong
        noFit += other.noFit
        clockOnly += other.clockOnly
        abstained += other.abstained
        wrong += other.wrong
        trueFirst += other.trueFirst
    }
}

/// `93.8 %`.
enum Percent {
    static func text(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }
}
