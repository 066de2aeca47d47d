import Foundation
import PluginAPI
import WorkSchedules

/// How well one working-time hypothesis explains a set of timestamps.
///
/// The activity model is a mixture: a share 1 − ε of events falls in the hypothesis's working
/// time, the rest uniformly at any time. Working time has soft edges (``WorkingTime/weight(_:)``):
/// an event half an hour before the stated start counts half. The in-schedule density spreads
/// over the working days of the window and, within a day, over a day as long as the longest of
/// the hypotheses on the same clock (`minutesPerDay`): a schedule does not win events that
/// several schedules cover merely because its stated day is shorter (China's 7.5 hours against
/// Taiwan's 8 gave China every such event); it wins by covering events the others do not, and
/// by its working days. ε is marginalised with a uniform prior, so that a schedule that needs ε
/// near 1 (no schedule at all) does not tie with the uniform "no schedule" hypothesis.
struct HypothesisFit {
    let schedule: WorkSchedule
    /// Events in the stated working time under this hypothesis.
    let inWorkingTime: Int
    /// All events.
    let events: Int
    /// The fitted share of events outside any schedule.
    let offScheduleShare: Double
    /// Log of the marginal likelihood of the events under the hypothesis.
    let score: Double
    /// The holiday and adjusted-workday counts, for hypotheses with a calendar.
    let holidays: HolidayTest?
    /// Probability of this hypothesis among those tested (equal priors).
    var posterior = 0.0

    /// How finely soft weights are counted.
    static let weightSteps = 90

    /// Share of events in working time.
    var workingShare: Double { events == 0 ? 0 : Double(inWorkingTime) / Double(events) }

    init(
        _ time: WorkingTime, instants: [Instant], windowMinutes: Int, minutesPerDay: Double,
        cancellation: CancellationCheck
    ) throws(PluginError) {
        schedule = time.schedule
        events = instants.count
        var inside = 0
        var tally = HolidayTally()
        // Weights come in steps of 1/90 (half-minute steps of a 45-minute edge): counted by step.
        var steps = [Int](repeating: 0, count: Self.weightSteps + 1)
        for (index, instant) in instants.enumerated() {
            if index % 8192 == 0, cancellation.isCancelled { throw .cancelled }
            let place = time.placeAndWeight(instant)
            if place.inWorkingTime { inside += 1 }
            tally.count(place.dayType)
            steps[Int((place.weight * Double(Self.weightSteps)).rounded())] += 1
        }
        let weights = steps.indices.filter { steps[$0] > 0 }.map {
            (Double($0) / Double(Self.weightSteps), Double(steps[$0]))
        }
        inWorkingTime = inside
        let total = Double(windowMinutes)
        let working = min(max(Double(time.workingDays) * minutesPerDay, 1), total)
        if working >= total || events == 0 {
            offScheduleShare = 0
            score = Double(events) * log(1 / total)
        } else {
            let likelihood = MixtureLikelihood(weights: weights, working: 1 / working, any: 1 / total)
            offScheduleShare = likelihood.peak
            score = likelihood.logMarginal()
        }
        holidays = schedule.calendar == nil ? nil : HolidayTest(tally: tally, time: time)
    }
}

/// Events by the kind of local day they fell on.
struct HolidayTally {
    var workdays = 0
    var adjustedWorkdays = 0
    var weekends = 0
    /// Holidays falling on days of the working week (the ones a schedule-blind model would
    /// expect people to work).
    var holidays = 0

    mutating func count(_ type: WorkSchedule.DayType) {
        switch type {
        case .workday: workdays += 1
        case .adjustedWorkday: adjustedWorkdays += 1
        case .weekend: weekends += 1
        case .holiday: holidays += 1
        }
    }
}

/// The likelihood of a mixture of in-schedule and any-time events as a function of the
/// any-time share ε: ℓ(ε) = Σ count · log((1−ε)·weight·working + ε·any), where `working` and
/// `any` are the two densities per minute and `weight` how much each event is in working time.
struct MixtureLikelihood {
    /// Distinct weights and how many events have each.
    let weights: [(weight: Double, count: Double)]
    let working: Double
    let any: Double

    func logLikelihood(_ share: Double) -> Double {
        weights.reduce(0) { total, entry in
            total + entry.count * log(max((1 - share) * entry.weight * working + share * any, 1e-300))
        }
    }

    /// The most likely share (ℓ is concave in ε: a ternary search finds its top).
    var peak: Double {
        var (low, high) = (1e-9, 1.0)
        for _ in 0..<80 {
            let (a, b) = (low + (high - low) / 3, high - (high - low) / 3)
            if logLikelihood(a) < logLikelihood(b) { low = a } else { high = b }
        }
        return (low + high) / 2
    }

    /// log ∫₀¹ exp(ℓ(ε)) dε, integrated numerically over ±12 standard deviations of the peak
    /// (the likelihood is concave in ε, so that is where all its mass is).
    func logMarginal() -> Double {
        let top = peak
        let curvature = weights.reduce(0.0) { total, entry in
            let slope = any - entry.weight * working
            let density = (1 - top) * entry.weight * working + top * any
            return total + entry.count * slope * slope / max(density * density, 1e-300)
        }
        let spread = 12 / sqrt(max(curvature, 1e-12))
        let low = max(top - spread, 1e-12)
        let high = min(top + spread, 1)
        guard high > low else { return logLikelihood(top) }
        let steps = 400
        let width = (high - low) / Double(steps)
        let values = (0...steps).map { logLikelihood(low + Double($0) * width) }
        let best = values.max() ?? 0
        let sum = values.enumerated().reduce(0.0) { total, item in
            total + (item.offset == 0 || item.offset == steps ? 0.5 : 1) * exp(item.element - best)
        }
        return best + log(sum * width)
    }
}
