import IncidentGraph

/// A day of the week, Monday first.
public enum Weekday: Int, CaseIterable, Sendable, Comparable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of a date (1970-01-01 was a Thursday).
    public init(_ day: Day) {
        let index = (Int(day.daysSinceEpoch) + 3) % 7
        self = Weekday(rawValue: index < 0 ? index + 7 : index) ?? .monday
    }

    /// Parses `Mon` … `Sun`.
    public init?(abbreviation: String) {
        guard let index = Self.abbreviations.firstIndex(of: abbreviation) else { return nil }
        self = Weekday(rawValue: index) ?? .monday
    }

    private static let abbreviations = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Orders Monday first.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
