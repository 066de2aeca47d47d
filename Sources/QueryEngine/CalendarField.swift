import IncidentGraph

/// A calendar function's field (`hour(ts)`, `weekday(ts, "Asia/Shanghai")`), resolved from its
/// name once so that rows pay only for the arithmetic.
enum CalendarField: String, CaseIterable {
    case year, month, day, hour, minute, weekday, date, week, quarter

    /// The field of a local date and time of day (`weekday` is 1 for Monday … 7 for Sunday,
    /// `week` the ISO 8601 week).
    func value(day: Day, millisecond: Int64) -> Value {
        switch self {
        case .hour: return .int(Int(millisecond / 3_600_000))
        case .minute: return .int(Int(millisecond / 60_000 % 60))
        case .date: return .date(day)
        case .weekday: return .int(Self.weekday(of: day))
        case .year: return .int(day.components.year)
        case .month: return .int(day.components.month)
        case .day: return .int(day.components.day)
        case .quarter: return .int((day.components.month - 1) / 3 + 1)
        case .week:
            // The week with the year's first Thursday is week 1.
            let thursday = Day(daysSinceEpoch: day.daysSinceEpoch + Int32(4 - Self.weekday(of: day)))
            let firstOfYear = Day(year: thursday.components.year, month: 1, day: 1) ?? thursday
            return .int(Int(thursday.daysSinceEpoch - firstOfYear.daysSinceEpoch) / 7 + 1)
        }
    }

    /// 1 for Monday … 7 for Sunday (1970-01-01 was a Thursday).
    private static func weekday(of day: Day) -> Int {
        (Int(day.daysSinceEpoch) % 7 + 10) % 7 + 1
    }
}
