import Foundation
import PluginAPI
import WorkSchedules

/// How well one working-time hypothesis explains a set of timestamps.
///
/// The activity model is a mixture: a share 1 − ε of events falls on the hypothesis's working
/// days inside an office day (``OfficeDay``: soft edges, lunch included), the rest uniformly at
/// any time. The office day is not taken from the stated hours but averaged over a grid around
/// them, shared by the hypotheses on one clock: hours place the clock, working days (weeks,
/// holidays, adjusted workdays) separate the places on it. ε is marginalised with a uniform
/// prior, so that a schedule that needs ε near 1 (no schedule at all) does not tie with the
/// uniform "no schedule" hypothesis. A calendar's adjusted workdays are weighed both ways,
/// worked and taken off, half each.
struct HypothesisFit {
    let schedule: WorkSchedule
    /// Events in the stated working time under this hypothesis.
    let inWorkingTime: Int
    /// All events.
    let events: Int
    /// The fitted share of events outside any schedule (at the likeliest office day).
    let offScheduleShare: Double
    /// The likeliest office day.
    let officeDay: OfficeDay
    /// The log-likelihood at the likeliest office day and share.
    let bestValue: Double
    /// The events as the hypothesis sees them.
    let workdayEvents: WorkdayEvents
    /// Log of the marginal likelihood of the events under the hypothesis.
    let score: Double
    /// The holiday and adjusted-workday counts, for hypotheses with a calendar.
    let holidays: HolidayTest?
    /// Whether the events are likelier with the calendar's adjusted workdays worked than
    /// taken off (true for calendars without any).
    let worksAdjustedWorkdays: Bool
    /// Probability of this hypothesis among those tested (equal priors).
    var posterior = 0.0

    /// Share of events in working time.
    var workingShare: Double { events == 0 ? 0 : Double(inWorkingTime) / Double(events) }

    /// The fit of `time` to events at the local times `local` (``WorkingTime/localTimes(of:)``).
    init(_ time: WorkingTime, local: [LocalTime], windowMinutes: Int, cancellation: CancellationCheck)
        throws(PluginError)
    {
        schedule = time.schedule
        events = local.count
        var inside = 0
        var tally = HolidayTally()
        // Events on working days by local minute; the rest have no working weight.
        var byMinute = [Int](repeating: 0, count: 1440)
        var onAdjusted = [Int](repeating: 0, count: 1440)
        var offDays = 0
        for (index, event) in local.enumerated() {
            if index % 8192 == 0, cancellation.isCancelled { throw .cancelled }
            let (day, minute) = (event.day, event.minute)
            let type = time.dayType(day)
            tally.count(type)
            if type == .adjustedWorkday { onAdjusted[minute] += 1 }
            if time.isStatedWorkingMinute(minute, day: day) { inside += 1 }
            if time.isWorkday(day) { byMinute[minute] += 1 } else { offDays += 1 }
        }
        inWorkingTime = inside
        holidays = schedule.calendar == nil ? nil : HolidayTest(tally: tally, time: time)
        let worked = WorkdayEvents(
            byMinute: byMinute, offDays: offDays, workingDays: time.workingDays, windowMinutes: windowMinutes)
        var variants = [worked]
        // An office may keep a calendar's holidays but not work the weekend days it declares
        // working days: the hypothesis averages over both.
        if time.adjustedWorkdays > 0 {
            var skipped = byMinute
            for minute in 0..<1440 { skipped[minute] -= onAdjusted[minute] }
            variants.append(
                WorkdayEvents(
                    byMinute: skipped, offDays: offDays + onAdjusted.reduce(0, +),
                    workingDays: time.workingDays - time.adjustedWorkdays, windowMinutes: windowMinutes))
        }
        let fits = variants.map { GridFit($0, officeDays: time.officeDays) }
        let chosen = fits.indices.max { fits[$0].score < fits[$1].score } ?? 0
        worksAdjustedWorkdays = chosen == 0
        workdayEvents = variants[chosen]
        guard let best = fits[chosen].best, events > 0 else {
            officeDay = time.officeDays.first ?? .allDay
            offScheduleShare = 0
            bestValue = 0
            score = Double(events) * log(1 / Double(windowMinutes))
            return
        }
        officeDay = best.day
        offScheduleShare = best.peak
        bestValue = best.value
        let top = fits[chosen].score
        score = top + log(fits.reduce(0) { $0 + exp($1.score - top) } / Double(fits.count))
    }
}

/// One way of seeing the events fitted over a grid of office days: the likeliest office day,
/// and the log of the likelihood averaged over the grid (the share ε marginalised at the
/// likeliest day).
struct GridFit {
    let best: WorkdayEvents.Fit?
    let score: Double

    init(_ events: WorkdayEvents, officeDays: [OfficeDay]) {
        var best: WorkdayEvents.Fit?
        var values: [Double] = []
        for day in officeDays {
            let fit = events.fit(day)
            values.append(fit.value)
            if fit.value > best?.value ?? -.infinity { best = fit }
        }
        self.best = best
        guard let best else {
            score = -.infinity
            return
        }
        let spread = log(
            zip(officeDays, values).reduce(0) { $0 + $1.0.prior * exp($1.1 - best.value) }
                / officeDays.reduce(0) { $0 + $1.prior })
        let marginal = best.peak == 0 ? best.value : best.likelihood.logMarginal(peak: best.peak)
        score = marginal + spread
    }
}

/// The events of a window seen from one hypothesis: on its working days by local minute, and
/// how many fell on its days off.
struct WorkdayEvents {
    let byMinute: [Int]
    let offDays: Int
    let workingDays: Int
    let windowMinutes: Int
    /// The minutes of `byMinute` with events, and how many.
    private let busyMinutes: [BusyMinute]

    private struct BusyMinute {
        let minute: Int
        let events: Double
    }

    init(byMinute: [Int], offDays: Int, workingDays: Int, windowMinutes: Int) {
        self.byMinute = byMinute
        self.offDays = offDays
        self.workingDays = workingDays
        self.windowMinutes = windowMinutes
        busyMinutes = byMinute.indices.filter { byMinute[$0] > 0 }.map {
            BusyMinute(minute: $0, events: Double(byMinute[$0]))
        }
    }

    /// One office day's mixture likelihood at its likeliest off-schedule share.
    struct Fit {
        let day: OfficeDay
        let likelihood: MixtureLikelihood
        let peak: Double
        let value: Double
    }

    func fit(_ day: OfficeDay) -> Fit {
        let steps = OfficeDay.weightSteps
        var counts = [Double](repeating: 0, count: steps + 1)
        counts[0] = Double(offDays)
        // Index loops: this runs for every office day of every hypothesis, also in debug builds.
        var index = 0
        while index < busyMinutes.count {
            let busy = busyMinutes[index]
            counts[Int(day.steppedWeights[busy.minute])] += busy.events
            index += 1
        }
        var weights: [MixtureLikelihood.Events] = []
        weights.reserveCapacity(steps + 1)
        var step = 0
        while step <= steps {
            if counts[step] > 0 { weights.append(.init(weight: Double(step) / Double(steps), count: counts[step])) }
            step += 1
        }
        let total = Double(windowMinutes)
        let working = min(max(Double(workingDays) * day.softMinutes, 1), total)
        let likelihood = MixtureLikelihood(weights: weights, working: 1 / working, any: 1 / total)
        let peak = working >= total ? 0 : likelihood.peak
        return Fit(day: day, likelihood: likelihood, peak: peak, value: likelihood.logLikelihood(peak))
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
    /// Events that share one working weight.
    struct Events {
        let weight: Double
        let count: Double
    }

    /// Distinct weights and how many events have each.
    let weights: [Events]
    let working: Double
    let any: Double

    func logLikelihood(_ share: Double) -> Double {
        var total = 0.0
        var index = 0
        while index < weights.count {
            let entry = weights[index]
            total += entry.count * log(max((1 - share) * entry.weight * working + share * any, 1e-300))
            index += 1
        }
        return total
    }

    /// The most likely share: ℓ is concave in ε, so Newton's method kept inside a shrinking
    /// bracket (a bisection step when it would leave it) finds its top.
    var peak: Double {
        var (low, high) = (1e-9, 1.0)
        var share = 0.5
        for _ in 0..<60 {
            var (slope, curvature) = (0.0, 0.0)
            var index = 0
            while index < weights.count {
                let entry = weights[index]
                let gap = any - entry.weight * working
                let density = max((1 - share) * entry.weight * working + share * any, 1e-300)
                slope += entry.count * gap / density
                curvature -= entry.count * gap * gap / (density * density)
                index += 1
            }
            if slope > 0 { low = share } else { high = share }
            let step = curvature < 0 ? -slope / curvature : .infinity
            var next = share + step
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - share) < 1e-10 || high - low < 1e-10 { return next }
            share = next
        }
        return share
    }

    /// log ∫₀¹ exp(ℓ(ε)) dε, integrated numerically over ±12 standard deviations of the peak
    /// (the likelihood is concave in ε, so that is where all its mass is).
    func logMarginal(peak top: Double) -> Double {
        let curvature = weights.reduce(0.0) { total, entry in
            let slope = any - entry.weight * working
            let density = (1 - top) * entry.weight * working + top * any
            return total + entry.count * slope * slope / max(density * density, 1e-300)
        }
        let spread = 12 / sqrt(max(curvature, 1e-12))
        let low = max(top - spread, 1e-12)
        let high = min(top + spread, 1)
        guard high > low else { return logLikelihood(top) }
        let steps = 200
        let width = (high - low) / Double(steps)
        let values = (0...steps).map { logLikelihood(low + Double($0) * width) }
        let best = values.max() ?? 0
        let sum = values.enumerated().reduce(0.0) { total, item in
            total + (item.offset == 0 || item.offset == steps ? 0.5 : 1) * exp(item.element - best)
        }
        return best + log(sum * width)
    }
}
