import Foundation
import PluginAPI
import WorkSchedules

/// How well one working-time hypothesis explains a set of timestamps.
///
/// The activity model is a mixture: a share 1 − ε of events falls uniformly in the hypothesis's
/// working time (working hours on working days, holidays off, adjusted workdays on), the rest
/// uniformly at any time. ε is estimated by maximum likelihood (it has a closed form: the share
/// of events outside working time, scaled by how much of the window is outside it), and the
/// hypothesis is scored by its marginal likelihood — the likelihood averaged over ε with a
/// uniform prior — so that a schedule that needs ε near 1 (no schedule at all) does not tie with
/// the uniform "no schedule" hypothesis, which has nothing to fit.
struct HypothesisFit {
    let schedule: WorkSchedule
    /// Events in working time under this hypothesis.
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

    /// Share of events in working time.
    var workingShare: Double { events == 0 ? 0 : Double(inWorkingTime) / Double(events) }

    init(_ time: WorkingTime, instants: [Instant], windowMinutes: Int, cancellation: CancellationCheck)
        throws(PluginError)
    {
        schedule = time.schedule
        events = instants.count
        var inside = 0
        var tally = HolidayTally()
        for (index, instant) in instants.enumerated() {
            if index % 8192 == 0, cancellation.isCancelled { throw .cancelled }
            let place = time.place(instant)
            if place.inWorkingTime { inside += 1 }
            tally.count(place.dayType)
        }
        inWorkingTime = inside
        let total = Double(windowMinutes)
        let working = Double(min(max(time.workingMinutes, 1), windowMinutes))
        let n = Double(events)
        if working >= total || events == 0 {
            offScheduleShare = 0
            score = n * log(1 / total)
        } else {
            let outside = n - Double(inside)
            offScheduleShare = min(max(outside / n * total / (total - working), 1e-9), 1)
            score = MixtureLikelihood(
                inside: Double(inside), outside: outside, working: 1 / working, any: 1 / total
            ).logMarginal(around: offScheduleShare)
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
/// any-time share ε: ℓ(ε) = inside·log((1−ε)·working + ε·any) + outside·log(ε·any), where
/// `working` and `any` are the two densities per minute.
struct MixtureLikelihood {
    let inside: Double
    let outside: Double
    let working: Double
    let any: Double

    func logLikelihood(_ share: Double) -> Double {
        let inTerm = inside > 0 ? inside * log((1 - share) * working + share * any) : 0
        let outTerm = outside > 0 ? outside * log(share * any) : 0
        return inTerm + outTerm
    }

    /// log ∫₀¹ exp(ℓ(ε)) dε, integrated numerically over ±12 standard deviations of the peak
    /// at `peak` (the likelihood is concave in ε, so that is where all its mass is).
    func logMarginal(around peak: Double) -> Double {
        let density = (1 - peak) * working + peak * any
        let curvature =
            inside * pow(working - any, 2) / (density * density) + outside / max(peak * peak, 1e-18)
        let spread = 12 / sqrt(max(curvature, 1e-12))
        let low = max(peak - spread, 1e-12)
        let high = min(peak + spread, 1)
        guard high > low else { return logLikelihood(peak) }
        let steps = 400
        let width = (high - low) / Double(steps)
        let values = (0...steps).map { logLikelihood(low + Double($0) * width) }
        let top = values.max() ?? 0
        let sum = values.enumerated().reduce(0.0) { total, item in
            total + (item.offset == 0 || item.offset == steps ? 0.5 : 1) * exp(item.element - top)
        }
        return top + log(sum * width)
    }
}
