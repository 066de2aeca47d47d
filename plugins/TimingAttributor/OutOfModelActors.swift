import Foundation
import PluginAPI
import WorkSchedules

/// Timestamps of imagined actors made by code that shares none of the attributor's
/// assumptions: it converts times with Foundation's `TimeZone`, not the attributor's clocks;
/// its office days start and end at times that wander from day to day, with lunches of their
/// own length or none; some actors skip make-up days, some work nights or every day, some are
/// two teams at once; their off-hours activity comes in evening and weekend bursts, not
/// uniformly. Only the public-holiday calendars (facts) are shared with the hypotheses.
///
/// An actor whose pattern matches a hypothesis in the set carries that hypothesis's code as
/// its truth; the others (`truth == nil`) should get "no hypothesis fits" or no verdict.
struct OutOfModelActor: Sendable {
    /// What the actor is, for the evaluation's tables.
    let name: String
    /// The hypothesis that should be named, or nil when none fits.
    let truth: String?
    /// One or two teams whose events are pooled.
    let teams: [Team]

    /// One team's habits.
    struct Team: Sendable {
        /// IANA zone.
        var zone: String
        /// Working weekdays, 1 = Monday … 7 = Sunday.
        var week: Set<Int> = [1, 2, 3, 4, 5]
        /// Holiday calendar code from the shipped calendars, if the team keeps one.
        var calendar: String?
        /// Whether the team works the weekend days its calendar declares working days.
        var worksMakeupDays = true
        /// Mean start of the working day, in hours (may exceed 24 for a night shift's end).
        var start: Double = 9
        /// Mean length of the working day, in hours, lunch included.
        var length: Double = 9
        /// Lunch length in hours (0: none), starting about 12:00 local.
        var lunch: Double = 1
        /// Day-to-day spread of the start and of the length, in hours.
        var wander: Double = 0.4
        /// Share of events outside office time: evenings (19–23 h) and weekend afternoons.
        var overtime: Double = 0.12
        /// Share of the pooled events this team makes (for two teams).
        var share: Double = 1
    }

    /// `count` timestamps over 2021–2023.
    func sample(_ count: Int, calendars: [String: HolidayCalendar], random: inout SampleRandom) -> [Instant] {
        var instants: [Instant] = []
        while instants.count < count {
            var pick = random.unit()
            var team = teams[0]
            for candidate in teams {
                if pick < candidate.share {
                    team = candidate
                    break
                }
                pick -= candidate.share
            }
            if let instant = Self.event(of: team, calendars: calendars, random: &random) { instants.append(instant) }
        }
        return instants
    }

    /// One event: a random local day and a time the team is active then, or nil for a day off.
    private static func event(of team: Team, calendars: [String: HolidayCalendar], random: inout SampleRandom)
        -> Instant?
    {
        guard let zone = TimeZone(identifier: team.zone) else { return nil }
        let day = TimingEvaluation.window.lowerBound + Int(random.next() % UInt64(TimingEvaluation.window.count))
        let date = Day(daysSinceEpoch: Int32(day))
        let weekday = (day + 3).floorMod(7) + 1  // 1970-01-01 was a Thursday (4)
        let calendar = team.calendar.flatMap { calendars[$0] }
        let dayOff = calendar?.daysOff.contains(date) == true
        let makeup = calendar?.adjustedWorkdays.contains(date) == true && team.worksMakeupDays
        let working = !dayOff && (team.week.contains(weekday) || makeup)
        let hour: Double
        if random.unit() < team.overtime {
            // Overtime: an evening, or a weekend afternoon.
            hour = working || random.unit() < 0.5 ? 19 + random.unit() * 4 : 13 + random.unit() * 5
        } else {
            guard working else { return nil }
            let start = team.start + (random.unit() - 0.5) * 2 * team.wander
            let length = team.length + (random.unit() - 0.5) * 2 * team.wander
            let lunchStart = 12 + (random.unit() - 0.5) * 0.5
            var offset = random.unit() * max(length - team.lunch, 0.5)
            var candidate = start + offset
            if team.lunch > 0, candidate >= lunchStart, start < lunchStart {
                offset += team.lunch
                candidate = start + offset
            }
            hour = candidate
        }
        // Local midnight of the day, then the hour; Foundation decides the offset.
        let localSeconds = Double(day) * 86_400 + hour * 3600
        let guess = Date(timeIntervalSince1970: localSeconds)
        let offsetSeconds = Double(zone.secondsFromGMT(for: guess))
        return Instant(millisecondsSinceEpoch: Int64((localSeconds - offsetSeconds) * 1000))
    }

    /// The actors: seven with a matching hypothesis (two of them in variants that stray from
    /// it), and six without one.
    static let all: [OutOfModelActor] = [
        OutOfModelActor(
            name: "Beijing office 9–18, PRC calendar", truth: "CN",
            teams: [Team(zone: "Asia/Shanghai", calendar: "CN", start: 8.8, length: 9.2, lunch: 1.5)]),
        OutOfModelActor(
            name: "Beijing office that skips make-up days, no lunch", truth: "CN",
            teams: [
                Team(zone: "Asia/Shanghai", calendar: "CN", worksMakeupDays: false, start: 9.2, length: 8, lunch: 0)
            ]),
        OutOfModelActor(
            name: "Taipei office 8:30–17:30, Taiwan calendar", truth: "TW",
            teams: [Team(zone: "Asia/Taipei", calendar: "TW", start: 8.6, length: 9, lunch: 1)]),
        OutOfModelActor(
            name: "Tokyo office 9:30–18:30", truth: "JP",
            teams: [Team(zone: "Asia/Tokyo", calendar: "JP", start: 9.4, length: 9.2, lunch: 1)]),
        OutOfModelActor(
            name: "Seoul office, long days", truth: "KR",
            teams: [Team(zone: "Asia/Seoul", calendar: "KR", start: 8.8, length: 10, lunch: 1)]),
        OutOfModelActor(
            name: "Moscow office 10–19", truth: "RU",
            teams: [Team(zone: "Europe/Moscow", calendar: "RU", start: 9.8, length: 9, lunch: 0.75, overtime: 0.2)]),
        OutOfModelActor(
            name: "Tehran office, Saturday to Wednesday", truth: "IR",
            teams: [Team(zone: "Asia/Tehran", week: [6, 7, 1, 2, 3], calendar: "IR", start: 8, length: 8, lunch: 0.5)]),
        OutOfModelActor(
            name: "New York office 8:30–17:30", truth: "US-EAST",
            teams: [Team(zone: "America/New_York", calendar: "US", start: 8.5, length: 9, lunch: 0.75)]),
        OutOfModelActor(
            name: "UTC+8 night shift 21:00–03:00", truth: nil,
            teams: [Team(zone: "Asia/Shanghai", week: [1, 2, 3, 4, 5, 6], start: 21, length: 6, lunch: 0)]),
        OutOfModelActor(
            name: "UTC+8 team working every day 10–22", truth: nil,
            teams: [
                Team(
                    zone: "Asia/Shanghai", week: [1, 2, 3, 4, 5, 6, 7], start: 10, length: 12, lunch: 0.5, overtime: 0)
            ]),
        OutOfModelActor(
            name: "Los Angeles office 9–18", truth: nil,
            teams: [Team(zone: "America/Los_Angeles", calendar: "US", start: 9, length: 9, lunch: 1)]),
        OutOfModelActor(
            name: "New Delhi office 9:30–18:30", truth: nil,
            teams: [Team(zone: "Asia/Kolkata", start: 9.5, length: 9, lunch: 0.75)]),
        OutOfModelActor(
            name: "São Paulo office 9–18", truth: nil,
            teams: [Team(zone: "America/Sao_Paulo", start: 9, length: 9, lunch: 1.5)]),
        OutOfModelActor(
            name: "two teams: Beijing office and a UTC−5 night team", truth: nil,
            teams: [
                Team(zone: "Asia/Shanghai", calendar: "CN", start: 9, length: 9, lunch: 1.5, share: 0.5),
                Team(zone: "America/Bogota", week: [1, 2, 3, 4, 5, 6, 7], start: 20, length: 8, lunch: 0, share: 0.5),
            ]),
    ]
}

extension Int {
    /// The remainder of floor division (always in 0..<divisor for a positive divisor).
    fileprivate func floorMod(_ divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
