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

    /// Whether the field depends on the local day alone, not on the time of day, and is a
    /// number (not the day itself).
    var isNumberOfTheDay: Bool {
        switch self {
        case .year, .quarter, .month, .day, .weekday, .week: true
        case .hour, .minute, .date: false
        }
    }

    /// 1 for Monday … 7 for Sunday (1970-01-01 was a Thursday).
    private static func weekday(of day: Day) -> Int {
        (Int(day.daysSinceEpoch) % 7 + 10) % 7 + 1
    }
}

/// The number of a field that depends on the day alone (`year`, `quarter`, `month`, `day`,
/// `weekday`, `week`) for the days met lately, in 256 slots by the day's number: a batch's
/// instants fall on few days (a million incidents on some two thousand), and each day's field
/// is then worked out from its civil date once, not once per row.
struct DayFieldCache {
    private let field: CalendarField?
    /// Each slot's day, `Int64.min` (no day's number) while it holds none.
    private var days = [Int64](repeating: .min, count: 256)
    private var numbers = [Int64](repeating: 0, count: 256)

    /// A cache for `field`; it holds nothing for a field that reads the time of day too, or
    /// is the day itself.
    init(_ field: CalendarField) {
        self.field = field.isNumberOfTheDay ? field : nil
    }

    /// The field's number on `day`; nil for a field the cache does not hold.
    mutating func number(of day: Day) -> Int64? {
        guard let field else { return nil }
        let slot = Int(UInt8(truncatingIfNeeded: day.daysSinceEpoch))
        if days[slot] != Int64(day.daysSinceEpoch) {
            guard case .int(let number) = field.value(day: day, millisecond: 0) else { return nil }
            (days[slot], numbers[slot]) = (Int64(day.daysSinceEpoch), Int64(number))
        }
        return numbers[slot]
    }
}
