import Foundation
import PluginAPI
import WorkSchedules

/// Whether a hypothesis describes the events at all, beyond ranking first: its likeliest office
/// day against the events of its working days by local hour (a G-test, the empty hours and the
/// hours just before the day), and its days off against the events on them. A night shift read
/// on another clock, an office in an untested time zone, a team that works Saturdays or
/// ignores the calendar's holidays fails — and "no hypothesis fits" is the verdict. Off-hours
/// activity (evenings, some weekend work) is the mixture's other part and does not make an
/// actor unfit.
struct GoodnessOfFit {
    /// Probability of a mismatch this large if the office day were right.
    let probability: Double
    /// Working hours with far fewer events than the office day expects (`14–17`).
    let emptyHours: [Int]
    /// Hours with far more.
    let crowdedHours: [Int]
    /// Share of the office day's weight in hours with almost no events.
    let emptyShare: Double
    /// Share of the working days' events in the two hours before the office day begins (its
    /// soft start): an office on an earlier clock shows up here.
    let earlyShare: Double
    /// Days off that are worked like working days (`Saturdays`, `its holidays`).
    let workedDaysOff: [String]
    /// The events' own working day on the hypothesis's clock, when it starts outside the office
    /// days the hypothesis allows and explains the events far better: an office on another clock.
    let ownDay: OfficeDay?
    /// The starts the hypothesis allows.
    let allowedStarts: ClosedRange<Int>

    /// Least probability for a fit.
    static let threshold = 0.01
    /// Largest share of events just before the working day in a fit.
    static let largestEarlyShare = 0.05
    /// Largest share of the office day that may be empty in a fit: an office's hours wander by
    /// an hour or so and it keeps a lunch break, but a quarter of its day without events is
    /// another day.
    static let largestEmptyShare = 0.15
    /// A share of the working day so empty that, whatever the sample size, it is another day.
    static let emptyBeyondDoubt = 0.35
    /// Events on a kind of day off, per day, as a share of those on a working day, that
    /// overtime stays below: a kind of day off with significantly more is worked.
    static let overtimeRate = 0.2
    /// Fewest events on a kind of day off to call it worked.
    static let workedDayOffEvents = 5

    /// A mismatch that is both unlikely and large (real offices keep hours that differ from any
    /// grid a little, which a large sample detects without its mattering), or days off worked.
    var fits: Bool {
        (probability >= Self.threshold || emptyShare < Self.largestEmptyShare)
            && emptyShare < Self.emptyBeyondDoubt && earlyShare <= Self.largestEarlyShare && workedDaysOff.isEmpty
            && ownDay == nil
    }

    /// How much likelier (in log-likelihood) the events' own working day must be than the best
    /// the hypothesis allows for the hypothesis's hours to be rejected.
    static let misplacedMargin = 10.0

    init(_ time: WorkingTime, fit: HypothesisFit, instants: [Instant]) {
        let officeDay = fit.officeDay
        let starts = time.officeDays.map(\.start)
        let allowed = (starts.min() ?? 0)...(starts.max() ?? 0)
        allowedStarts = allowed
        if officeDay == .allDay {
            ownDay = nil
        } else {
            let own = time.anyStartDays.map(fit.workdayEvents.fit).max { $0.value < $1.value }
            ownDay = own.flatMap { own in
                own.value - fit.bestValue > Self.misplacedMargin && !allowed.contains(own.day.start) ? own.day : nil
            }
        }
        var template = [Double](repeating: 0, count: 24)
        // Hours that may be "empty": mostly inside the office day and the stated hours (the
        // edges and a stated lunch break are not).
        var core = [Int](repeating: 0, count: 24)
        var stated = [Int](repeating: 0, count: 24)
        for minute in 0..<1440 {
            template[minute / 60] += officeDay.weight(minute)
            if minute >= officeDay.start && minute < officeDay.end { core[minute / 60] += 1 }
        }
        var observed = [Double](repeating: 0, count: 24)
        var (onWorkdays, early) = (0, 0)
        var days = DayKinds(time)
        for instant in instants {
            let (day, minute) = time.local(instant)
            days.count(day)
            guard time.isWorkday(day) else { continue }
            if time.isStatedWorkingMinute(minute, day: day) { stated[minute / 60] += 1 }
            observed[minute / 60] += officeDay.weight(minute)
            onWorkdays += 1
            if minute < officeDay.softStart, minute >= officeDay.softStart - 120 { early += 1 }
        }
        workedDaysOff = days.worked(beyond: Self.overtimeRate, least: Self.workedDayOffEvents)
        earlyShare = onWorkdays == 0 ? 0 : Double(early) / Double(onWorkdays)
        let statedHours = Set(Self.statedHours(time).filter { core[$0] >= 30 })
        let hours = (0..<24).filter { template[$0] > 0 }
        let seen = hours.reduce(0) { $0 + observed[$1] }
        let weight = hours.reduce(0) { $0 + template[$1] }
        guard seen >= 5, weight > 0, hours.count > 1 else {
            probability = 1
            emptyHours = []
            crowdedHours = []
            emptyShare = 0
            return
        }
        var statistic = 0.0
        var empty: [Int] = []
        var crowded: [Int] = []
        for hour in hours {
            let expected = seen * template[hour] / weight
            if observed[hour] > 0 { statistic += 2 * observed[hour] * log(observed[hour] / expected) }
            if expected >= 3, statedHours.contains(hour), observed[hour] < 0.25 * expected { empty.append(hour) }
            if expected >= 1, observed[hour] > 3 * expected + 2 { crowded.append(hour) }
        }
        probability = Self.chiSquareSurvival(statistic, degrees: Double(hours.count - 1))
        emptyShare = empty.reduce(0) { $0 + template[$1] } / weight
        emptyHours = empty
        crowdedHours = crowded
    }

    /// Hours of the local day at least half inside the schedule's stated hours on an ordinary
    /// working day (a stated lunch break is not).
    private static func statedHours(_ time: WorkingTime) -> [Int] {
        let ranges = time.schedule.hours
        return (0..<24).filter { hour in
            (hour * 60..<(hour + 1) * 60).filter { minute in ranges.contains { $0.contains(minute) } }.count >= 30
        }
    }

    /// P(χ² ≥ x) with `degrees` degrees of freedom (Wilson–Hilferty's normal approximation).
    static func chiSquareSurvival(_ x: Double, degrees k: Double) -> Double {
        guard x > 0, k > 0 else { return 1 }
        let z = (pow(x / k, 1.0 / 3) - (1 - 2 / (9 * k))) / sqrt(2 / (9 * k))
        return 0.5 * erfc(z / sqrt(2))
    }

    /// `few events at 14–17 h, inside CN's working day (p = 0.002 …)` and the like.
    func describe(_ code: String) -> String {
        var hours: [String] = []
        if earlyShare > Self.largestEarlyShare {
            hours.append(
                "\(Int((earlyShare * 100).rounded())) % of the events come in the two hours before \(code)'s working day begins"
            )
        }
        if !emptyHours.isEmpty {
            hours.append("few events at \(Self.ranges(emptyHours)) h, inside \(code)'s working day")
        }
        if !crowdedHours.isEmpty { hours.append("a crowd of events at \(Self.ranges(crowdedHours)) h") }
        if let ownDay {
            hours.insert(
                "the events' working day runs \(ownDay.text) on \(code)'s clock, outside the office hours it allows (starting \(OfficeDay(start: allowedStarts.lowerBound, end: allowedStarts.upperBound).text.replacingOccurrences(of: "–", with: " to ")))",
                at: 0)
        }
        if hours.isEmpty, probability < Self.threshold {
            hours.append("the events are spread over \(code)'s working day unlike its hours")
        }
        var parts =
            hours.isEmpty
            ? []
            : [
                hours.joined(separator: "; ")
                    + " (p = \(String(format: "%.2g", probability)) that its hours would give this)"
            ]
        if !workedDaysOff.isEmpty {
            parts.append("\(workedDaysOff.joined(separator: " and ")) are worked like \(code)'s working days")
        }
        return parts.joined(separator: "; ")
    }

    /// `9–11, 15`: consecutive hours joined.
    private static func ranges(_ hours: [Int]) -> String {
        var groups: [(Int, Int)] = []
        for hour in hours.sorted() {
            if let last = groups.last, last.1 == hour - 1 {
                groups[groups.count - 1].1 = hour
            } else {
                groups.append((hour, hour))
            }
        }
        return groups.map { $0.0 == $0.1 ? String(format: "%02d", $0.0) : String(format: "%02d–%02d", $0.0, $0.1 + 1) }
            .joined(separator: ", ")
    }
}

/// Events and local days by kind of day off — each weekday of the weekend, and holidays on
/// working-week days — against those on working days: a kind of day off with about as many
/// events per day as a working day is worked.
struct DayKinds {
    private let time: WorkingTime
    /// Events on each local day of the hypothesis's window, by position in it, and on days
    /// outside it: counted by day, then by kind once per day (``events``).
    private var eventsOnDay: [Int]
    private var eventsElsewhere: [Int: Int] = [:]
    private var days: [String: Int] = [:]

    init(_ time: WorkingTime) {
        self.time = time
        eventsOnDay = [Int](repeating: 0, count: time.localDays.count)
        for day in time.localDays { days[kind(day), default: 0] += 1 }
    }

    mutating func count(_ day: Int) {
        let position = day - time.localDays.lowerBound
        if eventsOnDay.indices.contains(position) {
            eventsOnDay[position] += 1
        } else {
            eventsElsewhere[day, default: 0] += 1
        }
    }

    /// Events by kind of day.
    private var events: [String: Int] {
        var events: [String: Int] = [:]
        for (position, count) in eventsOnDay.enumerated() where count > 0 {
            events[kind(time.localDays.lowerBound + position), default: 0] += count
        }
        for (day, count) in eventsElsewhere { events[kind(day), default: 0] += count }
        return events
    }

    /// `workday`, `Saturdays`, `its holidays`, or `other` (adjusted workdays, holidays at
    /// weekends: too few to judge).
    private func kind(_ day: Int) -> String {
        switch time.dayType(day) {
        case .workday: return "workday"
        case .adjustedWorkday: return "other"
        case .weekend: return Weekday(Day(daysSinceEpoch: Int32(day))).plural
        case .holiday:
            return time.schedule.workWeek.contains(Weekday(Day(daysSinceEpoch: Int32(day)))) ? "its holidays" : "other"
        }
    }

    /// The kinds of day off with at least `least` events and, per day, significantly more than
    /// `rate` times a working day's events (one-sided Poisson test at 1 %).
    func worked(beyond rate: Double, least: Int) -> [String] {
        let events = events
        let perWorkday = Double(events["workday", default: 0]) / Double(max(days["workday", default: 0], 1))
        func isWorked(events count: Int, days: Int) -> Bool {
            count >= least && Self.poissonAtLeast(count, mean: rate * perWorkday * Double(days)) < 0.01
        }
        let kinds = days.keys.filter { $0 != "workday" && $0 != "other" }.sorted()
        let worked = kinds.filter { isWorked(events: events[$0, default: 0], days: days[$0, default: 0]) }
        // Each kind alone may be too few days to tell; together they may not.
        let allEvents = kinds.reduce(0) { $0 + events[$1, default: 0] }
        let allDays = kinds.reduce(0) { $0 + days[$1, default: 0] }
        return worked.isEmpty && isWorked(events: allEvents, days: allDays) ? ["its days off"] : worked
    }

    /// P(X ≥ k) for X ~ Poisson(mean).
    private static func poissonAtLeast(_ k: Int, mean: Double) -> Double {
        guard k > 0 else { return 1 }
        guard mean > 0 else { return 0 }
        var term = exp(-mean)
        var below = term
        for i in 1..<k {
            term *= mean / Double(i)
            below += term
        }
        return max(1 - below, 0)
    }
}

extension Weekday {
    /// `Saturdays`.
    fileprivate var plural: String {
        ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"][rawValue]
    }
}
