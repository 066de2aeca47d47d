import IncidentGraph

/// A working-time hypothesis: when people in one place work — time zone, working week, office
/// hours with a lunch break (seasonal where it is reported to be), and a holiday calendar.
///
/// The synthetic-data generator draws timestamps from one; the timing attributor tests which
/// one best explains observed timestamps.
public struct WorkSchedule: Sendable {
    /// Short code (`CN`, `TW`, `US-EAST`, `UNIFORM`).
    public let code: String
    /// What it stands for.
    public let name: String
    /// The clock of its time zone.
    public let clock: ZoneClock
    /// Days of the week that are working days (before holidays and adjusted workdays).
    public let workWeek: Set<Weekday>
    /// Working hours as minute ranges of the local day, outside the summer months.
    public let hours: [Range<Int>]
    /// Months (1–12) with different hours, and those hours (a longer summer lunch in China).
    public let summer: (months: Set<Int>, hours: [Range<Int>])?
    /// Public holidays and adjusted working days, if the schedule follows a calendar.
    public let calendar: HolidayCalendar?
    /// What the schedule rests on: a reported observation or an assumption.
    public let basis: String

    /// A schedule.
    public init(
        code: String, name: String, clock: ZoneClock, workWeek: Set<Weekday>, hours: [Range<Int>],
        summer: (months: Set<Int>, hours: [Range<Int>])?, calendar: HolidayCalendar?, basis: String
    ) {
        self.code = code
        self.name = name
        self.clock = clock
        self.workWeek = workWeek
        self.hours = hours
        self.summer = summer
        self.calendar = calendar
        self.basis = basis
    }

    /// What kind of day a local date is under this schedule.
    public func dayType(_ day: Day) -> DayType {
        if let calendar {
            if calendar.adjustedWorkdays.contains(day) { return .adjustedWorkday }
            if calendar.daysOff.contains(day) { return .holiday }
        }
        return workWeek.contains(Weekday(day)) ? .workday : .weekend
    }

    /// Whether people work on a local date (adjusted workdays count as workdays).
    public func isWorkingDay(_ day: Day) -> Bool {
        switch dayType(day) {
        case .workday, .adjustedWorkday: true
        case .weekend, .holiday: false
        }
    }

    /// Working hours on a local date, as minute ranges (empty on a day off).
    public func workingMinutes(on day: Day) -> [Range<Int>] {
        guard isWorkingDay(day) else { return [] }
        if let summer, summer.months.contains(day.components.month) { return summer.hours }
        return hours
    }

    /// Whether an instant falls in working time under this schedule.
    public func isWorkingTime(_ instant: Instant) -> Bool {
        let (day, minute) = clock.local(instant)
        return workingMinutes(on: day).contains { $0.contains(minute) }
    }

    /// The kinds of day a schedule distinguishes.
    public enum DayType: String, Sendable {
        /// An ordinary working day.
        case workday
        /// A weekend day officially declared a working day.
        case adjustedWorkday
        /// A day of the weekend.
        case weekend
        /// A public holiday, or a day inside an official holiday break.
        case holiday
    }
}
