import Foundation
import IncidentGraph

/// The shipped working-time hypotheses and holiday calendars, loaded from this module's data
/// files (`schedules.json`, `Calendars/holidays-XX.json`).
public struct ScheduleBook: Sendable {
    /// Every schedule, in file order.
    public let schedules: [WorkSchedule]

    /// The schedule with a code (case-insensitive).
    public func schedule(_ code: String) -> WorkSchedule? {
        schedules.first { $0.code.caseInsensitiveCompare(code) == .orderedSame }
    }

    /// The shipped schedules and calendars.
    public static func shipped() throws(GraphError) -> ScheduleBook {
        let file = try resource("schedules", "json", in: nil)
        let fields = ResourceFields(file: file)
        let root = try fields.parse()
        var calendars: [String: HolidayCalendar] = [:]
        var schedules: [WorkSchedule] = []
        for entry in try fields.array(root["schedules"], "the list of schedules") {
            let code = try fields.string(entry["code"], "the schedule code")
            var calendar: HolidayCalendar?
            if let calendarCode = entry["calendar"] {
                let key = try fields.string(calendarCode, "the calendar code")
                if let known = calendars[key] {
                    calendar = known
                } else {
                    let loaded = try loadCalendar(key)
                    calendars[key] = loaded
                    calendar = loaded
                }
            }
            let zoneName = try fields.string(entry["zone"], "the time zone")
            guard let clock = ZoneClock(identifier: zoneName) else {
                throw fields.failure("schedule \(code): unknown time zone `\(zoneName)`")
            }
            var week = Set<Weekday>()
            for name in try fields.array(entry["week"], "the working week") {
                let text = try fields.string(name, "a weekday")
                guard let weekday = Weekday(abbreviation: text) else {
                    throw fields.failure("schedule \(code): unknown weekday `\(text)`")
                }
                week.insert(weekday)
            }
            var summer: (months: Set<Int>, hours: [Range<Int>])?
            if let summerEntry = entry["summer"] {
                var months = Set<Int>()
                for month in try fields.array(summerEntry["months"], "the summer months") {
                    guard case .int(let number) = month.content, (1...12).contains(number) else {
                        throw fields.failure("schedule \(code): summer months are 1-12")
                    }
                    months.insert(number)
                }
                summer = (months, try fields.hours(summerEntry["hours"], code))
            }
            schedules.append(
                WorkSchedule(
                    code: code, name: try fields.string(entry["name"], "the name"), clock: clock, workWeek: week,
                    hours: try fields.hours(entry["hours"], code), summer: summer, calendar: calendar,
                    basis: try fields.string(entry["basis"], "the basis")))
        }
        return ScheduleBook(schedules: schedules)
    }

    /// Loads `Calendars/holidays-<code>.json`.
    static func loadCalendar(_ code: String) throws(GraphError) -> HolidayCalendar {
        let file = try resource("holidays-\(code.lowercased())", "json", in: "Calendars")
        let fields = ResourceFields(file: file)
        let root = try fields.parse()
        var years: [Int] = []
        for year in try fields.array(root["years"], "the years") {
            guard case .int(let number) = year.content else {
                throw fields.failure("calendar \(code): years are integers")
            }
            years.append(number)
        }
        guard let first = years.min(), let last = years.max() else {
            throw fields.failure("calendar \(code) covers no year")
        }
        return HolidayCalendar(
            code: code, source: try fields.string(root["source"], "the source"), years: first...last,
            daysOff: try fields.days(root["holidays"], code), adjustedWorkdays: try fields.days(root["workdays"], code))
    }

    private static func resource(_ name: String, _ extensionName: String, in folder: String?) throws(GraphError)
        -> String
    {
        guard let url = Bundle.module.url(forResource: name, withExtension: extensionName, subdirectory: folder) else {
            throw GraphError(.io, "the data file \(name).\(extensionName) is missing from this installation")
        }
        return url.path
    }
}

/// Reads the small JSON data files of this module, with errors that name file and position.
private struct ResourceFields {
    let file: String

    init(file: String) {
        self.file = file
    }

    func parse() throws(GraphError) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw GraphError(.io, "cannot read \(file)")
        }
        let bytes = [UInt8](data)
        do {
            return try JSONParser.parse(bytes)
        } catch {
            var locator = Locator(file: file, bytes: bytes)
            throw GraphError(.syntax, error.message, at: locator.location(at: error.offset))
        }
    }

    func failure(_ message: String) -> GraphError {
        GraphError(.format, "\(file): \(message)")
    }

    func string(_ value: JSONValue?, _ what: String) throws(GraphError) -> String {
        guard case .string(let text)? = value?.content else { throw failure("expected \(what) (a string)") }
        return text
    }

    func array(_ value: JSONValue?, _ what: String) throws(GraphError) -> [JSONValue] {
        guard case .array(let elements)? = value?.content else { throw failure("expected \(what) (an array)") }
        return elements
    }

    /// `[["08:30", "12:00"], …]` as minute ranges; `24:00` ends a day.
    func hours(_ value: JSONValue?, _ code: String) throws(GraphError) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for pair in try array(value, "the hours of \(code)") {
            let ends = try array(pair, "a pair of times")
            guard ends.count == 2, let start = minute(try string(ends[0], "a time")),
                let end = minute(try string(ends[1], "a time")),
                start < end
            else { throw failure("schedule \(code): hours are [\"HH:MM\", \"HH:MM\"] pairs, start before end") }
            ranges.append(start..<end)
        }
        return ranges
    }

    /// The `date` of each entry of a list of dated objects.
    func days(_ value: JSONValue?, _ code: String) throws(GraphError) -> Set<Day> {
        var days = Set<Day>()
        for entry in try array(value, "the dates of calendar \(code)") {
            let text = try string(entry["date"], "a date")
            guard let day = Day(iso8601: text) else { throw failure("calendar \(code): `\(text)` is not a date") }
            days.insert(day)
        }
        return days
    }

    private func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours),
            (0..<60).contains(minutes), hours * 60 + minutes <= 1440
        else { return nil }
        return hours * 60 + minutes
    }
}
