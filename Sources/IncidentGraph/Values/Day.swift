/// A calendar date without a time of day (`2023-06-01`), stored as days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01.
    public let daysSinceEpoch: Int32

    /// A day from its number of days since 1970-01-01.
    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// A day from a year, month (1–12) and day of month; `nil` if no such date exists.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        daysSinceEpoch = Int32(CivilCalendar.dayNumber(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD`; `nil` for anything else.
    public init?(iso8601 text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Year, month and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        CivilCalendar.civil(fromDayNumber: Int(daysSinceEpoch))
    }

    /// `YYYY-MM-DD`.
    public var iso8601: String {
        let (year, month, day) = components
        return "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// Orders by position in time or in the graph.
    public static func < (lhs: Day, rhs: Day) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
