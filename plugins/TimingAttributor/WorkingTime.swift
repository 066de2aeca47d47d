import Foundation
import PluginAPI
import WorkSchedules

/// One hypothesis laid out over the local days of a window: for each day its kind (workday,
/// weekend, holiday, adjusted workday) and stated working minutes, so that testing a timestamp
/// is an array lookup and a comparison; and the office days its likelihood weighs
/// (``OfficeDay``).
///
/// The stated hours say which events are "in working time" in reports; the likelihood weighs
/// events by office days around them, the same for every hypothesis on one clock.
struct WorkingTime {
    let schedule: WorkSchedule
    private let zone: ZoneOffsets
    private let firstDay: Int
    private let dayTypes: [WorkSchedule.DayType]
    private let minutes: [[Range<Int>]]
    /// Working days in the window.
    let workingDays: Int
    /// Of those, the weekend days the calendar declares working days.
    let adjustedWorkdays: Int
    /// The office days the likelihood averages over.
    let officeDays: [OfficeDay]
    /// Office days of the same lengths starting at any time of day, to find the events' own
    /// working day when it lies outside ``officeDays``.
    let anyStartDays: [OfficeDay]
    /// For an untested place on a clock, the tested schedules on that clock; empty otherwise.
    let standsBeside: [String]

    /// Each schedule over the local days that cover the UTC days `days`, the schedules on one
    /// clock (at the middle of the window) sharing one grid of office days; and for each clock,
    /// the *untested places* on it (``untestedPlaces(on:days:)``).
    static func layOut(_ schedules: [WorkSchedule], days: ClosedRange<Int>) -> [WorkingTime] {
        let middle = Instant(millisecondsSinceEpoch: Int64(days.lowerBound + days.count / 2) * 86_400_000)
        var clocks: [Int: [WorkSchedule]] = [:]
        for schedule in schedules where statedDay(schedule).map({ $0 != .allDay }) == true {
            clocks[schedule.clock.offsetSeconds(at: middle), default: []].append(schedule)
        }
        var grids: [Int: [OfficeDay]] = [:]
        var anyStartGrids: [Int: [OfficeDay]] = [:]
        for (clock, members) in clocks {
            let stated = members.compactMap(statedDay)
            let starts = stated.map(\.start)
            let lengths = stated.map { $0.end - $0.start }
            let grid = OfficeDay.candidates(
                starts: (starts.min() ?? 0)...(starts.max() ?? 0), lengths: (lengths.min() ?? 0)...(lengths.max() ?? 0))
            grids[clock] = grid
            let gridLengths = grid.map { $0.end - $0.start }
            anyStartGrids[clock] = OfficeDay.anyStart(lengths: (gridLengths.min() ?? 0)...(gridLengths.max() ?? 0))
        }
        func time(_ schedule: WorkSchedule, clock: Int, standsBeside: [String] = []) -> WorkingTime {
            WorkingTime(
                schedule, days: days, officeDays: grids[clock] ?? [.allDay], anyStartDays: anyStartGrids[clock] ?? [],
                standsBeside: standsBeside)
        }
        let tested = schedules.map { time($0, clock: $0.clock.offsetSeconds(at: middle)) }
        let untested = clocks.keys.sorted().flatMap { clock -> [WorkingTime] in
            let members = clocks[clock] ?? []
            return untestedPlaces(on: members, days: days).map {
                time($0, clock: clock, standsBeside: members.map(\.code))
            }
        }
        return tested + untested
    }

    /// Other places on the clock of `members`: one with their usual working week and hours but
    /// none of their holidays, one working every day. When one explains the events better than
    /// the tested places, the events keep the clock's hours but none of its tested calendars
    /// or weeks.
    private static func untestedPlaces(on members: [WorkSchedule], days: ClosedRange<Int>) -> [WorkSchedule] {
        guard let first = members.first else { return [] }
        let weeks = Dictionary(grouping: members, by: { $0.workWeek.sorted() })
        let week = weeks.max { $0.value.count < $1.value.count }?.key ?? first.workWeek.sorted()
        let clock = clockName(first.clock, days: days)
        let tested = members.map(\.code).joined(separator: ", ")
        func place(_ code: String, _ name: String, week: [Weekday], basis: String) -> WorkSchedule {
            WorkSchedule(
                code: code, name: name, clock: first.clock, workWeek: Set(week), hours: first.hours,
                summer: first.summer, calendar: nil, basis: basis)
        }
        return [
            place(
                clock + "?", "another place on \(clock) (no tested calendar)", week: week,
                basis: "an office on the clock of \(tested) keeping none of their holidays"),
            place(
                clock + " daily?", "a team on \(clock) working every day", week: Weekday.allCases,
                basis: "a team on the clock of \(tested) working office hours every day, holidays included"),
        ]
    }

    /// `UTC+8`, `UTC−5/−4` (a clock with daylight saving in the window), `UTC+3:30`.
    static func clockName(_ clock: ZoneClock, days: ClosedRange<Int>) -> String {
        let offsets = Set(
            stride(from: days.lowerBound, through: days.upperBound, by: 30).map {
                clock.offsetSeconds(at: Instant(millisecondsSinceEpoch: Int64($0) * 86_400_000))
            }
        ).sorted()
        return "UTC" + offsets.map(offsetText).joined(separator: "/")
    }

    /// `+8`, `−5`, `+3:30`.
    private static func offsetText(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let sign = seconds < 0 ? "−" : "+"
        return sign + String(minutes / 60) + (minutes % 60 == 0 ? "" : ":" + String(format: "%02d", minutes % 60))
    }

    /// From the earliest stated start to the latest stated end, in any season.
    private static func statedDay(_ schedule: WorkSchedule) -> OfficeDay? {
        let ranges = schedule.hours + (schedule.summer?.hours ?? [])
        guard let start = ranges.map(\.lowerBound).min(), let end = ranges.map(\.upperBound).max() else { return nil }
        return OfficeDay(start: start, end: end)
    }

    /// The schedule over the local days that cover the UTC days `days` (one day each side).
    init(
        _ schedule: WorkSchedule, days: ClosedRange<Int>, officeDays: [OfficeDay], anyStartDays: [OfficeDay] = [],
        standsBeside: [String] = []
    ) {
        self.schedule = schedule
        self.officeDays = officeDays
        self.anyStartDays = anyStartDays
        self.standsBeside = standsBeside
        zone = ZoneOffsets(clock: schedule.clock, days: days)
        firstDay = days.lowerBound - 1
        let localDays = firstDay...(days.upperBound + 1)
        dayTypes = localDays.map { schedule.dayType(Day(daysSinceEpoch: Int32($0))) }
        minutes = localDays.map { schedule.workingMinutes(on: Day(daysSinceEpoch: Int32($0))) }
        workingDays = minutes.filter { !$0.isEmpty }.count
        adjustedWorkdays = zip(dayTypes, minutes).filter { $0.0 == .adjustedWorkday && !$0.1.isEmpty }.count
    }

    /// The local day (days since the epoch) and minute of the day of an instant.
    func local(_ instant: Instant) -> (day: Int, minute: Int) {
        zone.local(instant)
    }

    /// Hypotheses with equal keys place every instant of the window at the same local time
    /// (``localTimes(of:)``).
    var sameTimeKey: ZoneOffsets.SameTimeKey { zone.sameTimeKey }

    /// The local time of each instant: worked out once for the hypotheses on one clock.
    func localTimes(of instants: [Instant]) -> [LocalTime] {
        instants.map { instant in
            let (day, minute) = zone.local(instant)
            return LocalTime(day: day, minute: minute)
        }
    }

    /// The hypothesis's UTC offset in seconds at an instant.
    func offsetSeconds(at instant: Instant) -> Int {
        zone.offsetSeconds(at: instant)
    }

    /// Whether a local day is a working day.
    func isWorkday(_ day: Int) -> Bool {
        let position = day - firstDay
        guard minutes.indices.contains(position) else {
            return schedule.isWorkingDay(Day(daysSinceEpoch: Int32(day)))
        }
        return !minutes[position].isEmpty
    }

    /// Where an instant falls under the hypothesis.
    func place(_ instant: Instant) -> (inWorkingTime: Bool, dayType: WorkSchedule.DayType, localDay: Int) {
        let (day, minute) = zone.local(instant)
        let position = day - firstDay
        guard dayTypes.indices.contains(position) else {
            let type = schedule.dayType(Day(daysSinceEpoch: Int32(day)))
            let ranges = schedule.workingMinutes(on: Day(daysSinceEpoch: Int32(day)))
            return (ranges.contains { $0.contains(minute) }, type, day)
        }
        return (minutes[position].contains { $0.contains(minute) }, dayTypes[position], day)
    }

    /// Whether a minute of a local day is in the stated working hours.
    func isStatedWorkingMinute(_ minute: Int, day: Int) -> Bool {
        let position = day - firstDay
        guard minutes.indices.contains(position) else { return false }
        return minutes[position].contains { $0.contains(minute) }
    }

    /// The kind of a local day (days since the epoch).
    func dayType(_ day: Int) -> WorkSchedule.DayType {
        let position = day - firstDay
        return dayTypes.indices.contains(position)
            ? dayTypes[position] : schedule.dayType(Day(daysSinceEpoch: Int32(day)))
    }

    /// The local days of the window, for counting days of each kind.
    var localDays: ClosedRange<Int> { firstDay...(firstDay + dayTypes.count - 1) }
}

/// An instant's local day (days since the epoch) and minute of the day on one clock.
struct LocalTime {
    let day: Int
    let minute: Int
}
