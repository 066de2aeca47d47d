import IncidentGraph

/// A country's public holidays and the weekend days declared working days (China's 调休上班,
/// Taiwan's and Vietnam's make-up days), for the years the source covers.
public struct HolidayCalendar: Sendable {
    /// Calendar code (`CN`).
    public let code: String
    /// Where the dates come from, as the calendar file states it.
    public let source: String
    /// Years the file covers; outside them only the working week applies.
    public let years: ClosedRange<Int>
    /// Days officially off (public holidays and the weekend days inside a holiday break).
    public let daysOff: Set<Day>
    /// Weekend days officially declared working days.
    public let adjustedWorkdays: Set<Day>

    /// A calendar.
    public init(code: String, source: String, years: ClosedRange<Int>, daysOff: Set<Day>, adjustedWorkdays: Set<Day>) {
        self.code = code
        self.source = source
        self.years = years
        self.daysOff = daysOff
        self.adjustedWorkdays = adjustedWorkdays
    }
}
