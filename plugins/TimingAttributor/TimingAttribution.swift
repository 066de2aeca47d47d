import Foundation
import PluginAPI
import WorkSchedules

/// Ranks working-time hypotheses by how well they explain a set of timestamps, and says which
/// evidence separates the best two — or that the events cannot separate them.
struct TimingAttribution {
    /// Each hypothesis's fit, best first.
    let fits: [HypothesisFit]
    /// Whether the best hypothesis is probable enough to name.
    let isConfident: Bool
    /// Whether even the best hypothesis fails the goodness-of-fit test: the events follow some
    /// pattern, but not any tested one.
    private(set) var noHypothesisFits = false
    /// One line: the answer and the evidence for it, or why there is none.
    let verdict: String
    /// For a confident answer, one line for each other hypothesis on the same clock (UTC+8 for
    /// China: Taiwan, Hong Kong, Singapore), which only the week, hours and calendars can separate.
    private(set) var sameClock: [String] = []
    /// When the place is uncertain but the clock is not: the hypotheses on that clock.
    private(set) var clockOnly: [String]?
    /// Whether the posteriors mean what they say. They assume that one of the hypotheses is
    /// true; when the best one fails the goodness-of-fit test, that assumption is rejected, and
    /// a posterior near 1 would read as a confident answer the attributor is not giving.
    private(set) var posteriorsHold = true
    /// When no place can be named, but the first-ranked tested one is more probable than all
    /// the others together: a lead, stated with its posterior, not a verdict.
    private(set) var lead: HypothesisFit?
    /// Whether the first-ranked hypothesis is a tested place (not "no schedule", not an
    /// untested place on a clock): a claim about who, right or wrong.
    private(set) var firstIsTestedPlace = false

    /// The settings that decide when to answer.
    struct Thresholds {
        /// Least posterior probability of the best hypothesis for a confident answer.
        var confidence = 0.95
        /// Fewest events to attempt an answer.
        var minimumEvents = 10
        /// Prior probability of "no schedule"; the schedules share the rest.
        var nullPrior = 0.5
        /// How much of each log-likelihood counts (0–1): below 1 when events are not
        /// independent draws (bursts of one operation). At 1 on the out-of-model actors, stated
        /// confidence is at or below observed accuracy (`:plugins eval timing-attributor`).
        var temper = 1.0
        /// Most off-schedule share for a verdict: beyond it, much of the activity follows no
        /// tested schedule (a second team, an always-on operation).
        var mostOffSchedule = 0.35
    }

    /// How often a confident verdict was right on the out-of-model actors
    /// (`:plugins eval timing-attributor`; a test keeps the evaluation at or above it): the
    /// verdict states it beside the posterior, which the model alone would overstate.
    static let accuracyWhenConfident = 0.99

    /// Least posterior for a lead: more probable than every other hypothesis together.
    static let leadPosterior = 0.5

    /// The code of the "no schedule" hypothesis.
    static let null = "UNIFORM"

    /// Attributes `instants` over the UTC days they span.
    init(
        _ instants: [Instant], schedules: [WorkSchedule], thresholds: Thresholds, cancellation: CancellationCheck
    ) throws(PluginError) {
        let days = Self.days(spanning: instants)
        try self.init(
            instants, times: WorkingTime.layOut(schedules, days: days), days: days, thresholds: thresholds,
            cancellation: cancellation)
    }

    /// The UTC days (since the epoch) from the first instant to the last.
    static func days(spanning instants: [Instant]) -> ClosedRange<Int> {
        let days = instants.map { Int($0.millisecondsSinceEpoch.floorDivided(by: 86_400_000)) }
        return (days.min() ?? 0)...(days.max() ?? 0)
    }

    /// Attributes `instants` (all inside `days`) to hypotheses already laid out over `days`.
    init(
        _ instants: [Instant], times: [WorkingTime], days: ClosedRange<Int>, thresholds: Thresholds,
        cancellation: CancellationCheck
    ) throws(PluginError) {
        guard !instants.isEmpty, !times.isEmpty else {
            fits = []
            isConfident = false
            verdict = instants.isEmpty ? "no timestamps to attribute" : "no hypotheses to test"
            return
        }
        let middle = instants.sorted()[instants.count / 2]
        // The hypotheses on one clock fitted together, on local times worked out once for them.
        var fitted: [Int: HypothesisFit] = [:]
        for group in Dictionary(grouping: times.indices, by: { times[$0].sameTimeKey }).values {
            let local = times[group[0]].localTimes(of: instants)
            for index in group {
                fitted[index] = try HypothesisFit(
                    times[index], local: local, windowMinutes: days.count * 1440, cancellation: cancellation)
            }
        }
        var fits = times.indices.compactMap { fitted[$0] }
        // Priors: "no schedule" gets `nullPrior`; the schedules and the untested places share the rest.
        let schedules = Double(max(fits.filter { $0.schedule.code != Self.null }.count, 1))
        let logPriors = fits.map { fit in
            fit.schedule.code == Self.null
                ? log(thresholds.nullPrior) : log((1 - thresholds.nullPrior) / schedules)
        }
        let scores = zip(fits, logPriors).map { thresholds.temper * $0.score + $1 }
        let best = scores.max() ?? 0
        let weights = scores.map { exp($0 - best) }
        let total = weights.reduce(0, +)
        for index in fits.indices { fits[index].posterior = weights[index] / total }
        let order = fits.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        self.fits = order.map { fits[$0] }
        let top = self.fits[0]
        firstIsTestedPlace = top.schedule.code != Self.null && times[order[0]].standsBeside.isEmpty
        if instants.count < thresholds.minimumEvents {
            isConfident = false
            verdict =
                "too few events to attribute: \(instants.count), at least \(thresholds.minimumEvents) are needed; the ranking is shown but means little"
            return
        }
        guard self.fits.count > 1 else {
            isConfident = true
            verdict = "\(top.schedule.code) is the only hypothesis tested"
            return
        }
        let second = self.fits[1]
        let separation = Separation(times[order[0]], times[order[1]], instants: instants)
        let evidence = separation.summary
        if top.schedule.code != Self.null {
            let fit = GoodnessOfFit(times[order[0]], fit: top, instants: instants)
            // Off-schedule beyond doubt: two standard errors above the largest share allowed.
            let share = top.offScheduleShare
            let offSchedule =
                share - 2 * sqrt(share * (1 - share) / Double(instants.count)) > thresholds.mostOffSchedule
            if !fit.fits || offSchedule {
                isConfident = false
                noHypothesisFits = true
                posteriorsHold = false
                let reason =
                    fit.fits
                    ? "\(Int((top.offScheduleShare * 100).rounded())) % of the events fall outside any tested schedule"
                    : fit.describe(top.schedule.code)
                verdict =
                    "no hypothesis fits: \(top.schedule.code) ranks first, but \(reason); the actor may keep hours, a week or a time zone not tested"
                return
            }
        }
        // An untested place on a clock more likely than everything else: the events keep the
        // clock's office hours, but none of its calendars or weeks.
        let beside = times[order[0]].standsBeside
        let untested = order.filter { !times[$0].standsBeside.isEmpty }.reduce(0) { $0 + fits[$1].posterior }
        if !beside.isEmpty, untested >= 0.5 {
            isConfident = false
            noHypothesisFits = true
            verdict =
                "no hypothesis fits: the likeliest is \(top.schedule.name) (posterior \(Self.format(top.posterior)); \(Self.format(untested)) for all untested places), not the schedules tested on that clock (\(beside.joined(separator: ", "))): \(evidence)"
            return
        }
        // The calendar decides between schedules on one clock: when it points the other way
        // than the hours, there is no verdict.
        let calendar = separation.calendarBalance
        let rivals =
            second.schedule.code != Self.null && top.schedule.calendar != nil && second.schedule.calendar != nil
            && top.schedule.clock.offsetSeconds(at: middle) == second.schedule.clock.offsetSeconds(at: middle)
        if rivals, calendar.forSecond > calendar.forFirst {
            isConfident = false
            verdict =
                "no verdict: the hours favour \(top.schedule.code) but the calendar favours \(second.schedule.code): \(evidence)"
            return
        }
        isConfident = top.posterior >= thresholds.confidence
        // Unsure of the place, perhaps sure of the clock: the tested places on it together.
        let clock = top.schedule.clock.offsetSeconds(at: middle)
        let onClock = order.filter {
            times[$0].standsBeside.isEmpty && fits[$0].schedule.clock.offsetSeconds(at: middle) == clock
        }
        let clockPosterior = onClock.reduce(0) { $0 + fits[$1].posterior }
        let clockSure =
            !isConfident && top.schedule.code != Self.null && onClock.count > 1
            && clockPosterior >= thresholds.confidence
        if clockSure { clockOnly = onClock.map { fits[$0].schedule.code } }
        let clockLead =
            clockSure
            ? "the events fit the schedules on \(WorkingTime.clockName(top.schedule.clock, days: days)) (\(onClock.map { fits[$0].schedule.code }.joined(separator: ", ")): posterior \(Self.format(clockPosterior)) together), not which; "
            : ""
        if isConfident {
            // Named against the best tested rival: what separates the untested places is that
            // the events keep the calendar and week, which the posterior already weighs.
            let rival = order.dropFirst().first { times[$0].standsBeside.isEmpty } ?? order[1]
            let against = Separation(times[order[0]], times[rival], instants: instants).summary
            let days = top.worksAdjustedWorkdays ? "" : ", its holidays kept but not its adjusted workdays"
            verdict =
                "\(top.schedule.name)\(days): \(top.schedule.code) over \(fits[rival].schedule.code) (posterior \(Self.format(top.posterior)); verdicts this sure were right in \(Int(Self.accuracyWhenConfident * 100)) % of independent test samples), separated by \(against)"
            for position in order.dropFirst()
            where position != rival && times[position].standsBeside.isEmpty
                && fits[position].schedule.clock.offsetSeconds(at: middle) == clock
            {
                let other = times[position]
                sameClock.append(
                    "\(top.schedule.code) over \(other.schedule.code) (same clock): "
                        + Separation(times[order[0]], other, instants: instants).summary)
            }
        } else {
            let leads = top.schedule.code != Self.null && top.posterior >= Self.leadPosterior
            if leads { lead = top }
            verdict =
                clockLead + (leads ? "undecided, leaning to \(top.schedule.code): " : "")
                + "the \(instants.count) events cannot separate \(top.schedule.code) (posterior \(Self.format(top.posterior))) from \(second.schedule.code) (\(Self.format(second.posterior))): \(evidence); more events are needed"
        }
    }

    static func format(_ probability: Double) -> String {
        probability >= 0.999 ? "> 0.999" : String(format: "%.3f", probability)
    }
}

/// The events that one hypothesis places in working time and the other does not, by the
/// reason they differ: time zone, working week, working hours (the lunch break), holidays,
/// adjusted workdays.
struct Separation {
    /// Why the two hypotheses place an event differently, most specific first.
    private enum Reason: Int, CaseIterable {
        case holidays, adjustedWorkdays, timeZone, workingWeek, workingHours

        var name: String {
            switch self {
            case .holidays: "holidays"
            case .adjustedWorkdays: "adjusted workdays"
            case .timeZone: "time zone"
            case .workingWeek: "working week"
            case .workingHours: "working hours"
            }
        }
    }

    /// Events for each reason (by raw value) in the first's working time only, and in the
    /// second's only.
    private var forFirst = [Int](repeating: 0, count: Reason.allCases.count)
    private var forSecond = [Int](repeating: 0, count: Reason.allCases.count)
    private let names: (String, String)

    init(_ first: WorkingTime, _ second: WorkingTime, instants: [Instant]) {
        names = (first.schedule.code, second.schedule.code)
        for instant in instants {
            let (a, b) = (first.place(instant), second.place(instant))
            guard a.inWorkingTime != b.inWorkingTime else { continue }
            let differentDays = a.dayType != b.dayType
            let reason: Reason =
                if differentDays, a.dayType == .holiday || b.dayType == .holiday {
                    .holidays
                } else if differentDays, a.dayType == .adjustedWorkday || b.dayType == .adjustedWorkday {
                    .adjustedWorkdays
                } else if first.offsetSeconds(at: instant) != second.offsetSeconds(at: instant) {
                    .timeZone
                } else if differentDays {
                    .workingWeek
                } else {
                    .workingHours
                }
            if a.inWorkingTime { forFirst[reason.rawValue] += 1 } else { forSecond[reason.rawValue] += 1 }
        }
    }

    /// Events on holidays and adjusted workdays that fit the first hypothesis and the second.
    var calendarBalance: (forFirst: Int, forSecond: Int) {
        let calendar = [Reason.holidays.rawValue, Reason.adjustedWorkdays.rawValue]
        return (calendar.reduce(0) { $0 + forFirst[$1] }, calendar.reduce(0) { $0 + forSecond[$1] })
    }

    /// `holidays (9 events fit CN, 1 fits TW), working hours (3 fit CN)`, strongest first.
    var summary: String {
        func balance(_ reason: Reason) -> Int { forFirst[reason.rawValue] - forSecond[reason.rawValue] }
        let reasons = Reason.allCases.filter { forFirst[$0.rawValue] + forSecond[$0.rawValue] > 0 }.sorted {
            balance($0) != balance($1) ? balance($0) > balance($1) : $0.name < $1.name
        }
        guard !reasons.isEmpty else { return "no event falls in one's working time and not the other's" }
        return reasons.map { reason in
            var parts: [String] = []
            let (first, second) = (forFirst[reason.rawValue], forSecond[reason.rawValue])
            if first > 0 { parts.append("\(first) \(first == 1 ? "event fits" : "events fit") \(names.0)") }
            if second > 0 { parts.append("\(second) \(second == 1 ? "fits" : "fit") \(names.1)") }
            return "\(reason.name) (\(parts.joined(separator: ", ")))"
        }.joined(separator: ", ")
    }
}
