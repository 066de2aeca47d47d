import IncidentGraph
import Testing
import WorkSchedules

@Suite("Working-time schedules and holiday calendars")
struct WorkScheduleTests {
    let book: ScheduleBook

    init() throws {
        book = try ScheduleBook.shipped()
    }

    private func day(_ text: String) throws -> Day {
        try #require(Day(iso8601: text))
    }

    private func instant(_ text: String) throws -> Instant {
        try #require(Instant(iso8601: text))
    }

    @Test("every shipped schedule loads, and each calendar keeps its source line")
    func shipped() throws {
        #expect(
            book.schedules.map(\.code) == [
                "CN", "TW", "HK", "SG", "JP", "KR", "KP", "RU", "IR", "VN", "GB", "US-EAST", "UNIFORM",
            ])
        for schedule in book.schedules where schedule.code != "UNIFORM" {
            let calendar = try #require(schedule.calendar, "\(schedule.code) has no calendar")
            #expect(calendar.source.contains("PyPI"))
            #expect(calendar.years == 2019...2025)
        }
    }

    @Test("the PRC calendar has its published days off and adjusted working days")
    func chineseCalendar() throws {
        let calendar = try #require(book.schedule("CN")?.calendar)
        #expect(calendar.daysOff.count == 205)
        #expect(calendar.adjustedWorkdays.count == 46)
    }

    @Test(
        "China: holidays off, adjusted weekend working days on",
        arguments: [
            ("2023-01-23", "holiday"), ("2023-01-28", "adjustedWorkday"), ("2023-01-30", "workday"),
            ("2023-02-04", "weekend"), ("2023-10-07", "adjustedWorkday"), ("2024-10-01", "holiday"),
        ])
    func chineseDays(date: String, type: String) throws {
        let schedule = try #require(book.schedule("CN"))
        #expect(schedule.dayType(try day(date)).rawValue == type)
    }

    @Test("China: 08:30 start, and a longer lunch in summer")
    func chineseHours() throws {
        let schedule = try #require(book.schedule("cn"))
        #expect(schedule.isWorkingTime(try instant("2023-01-03T13:45:00+08:00")))
        #expect(!schedule.isWorkingTime(try instant("2023-07-03T13:45:00+08:00")))
        #expect(schedule.isWorkingTime(try instant("2023-07-03T08:30:00+08:00")))
        #expect(!schedule.isWorkingTime(try instant("2023-07-03T08:29:00+08:00")))
        #expect(!schedule.isWorkingTime(try instant("2023-01-23T10:00:00+08:00")))
        #expect(schedule.isWorkingTime(try instant("2023-01-28T10:00:00+08:00")))
    }

    @Test("Iran works Saturday to Wednesday")
    func iranWeek() throws {
        let schedule = try #require(book.schedule("IR"))
        #expect(schedule.dayType(try day("2023-05-13")) == .workday)
        #expect(schedule.dayType(try day("2023-05-18")) == .weekend)
    }

    @Test("local time converts to UTC across zones and daylight saving")
    func zones() throws {
        let shanghai = try #require(book.schedule("CN")?.clock)
        #expect(shanghai.instant(day: try day("2024-06-03"), minute: 9 * 60) == (try instant("2024-06-03T01:00:00Z")))
        let newYork = try #require(book.schedule("US-EAST")?.clock)
        #expect(newYork.instant(day: try day("2023-07-03"), minute: 9 * 60) == (try instant("2023-07-03T13:00:00Z")))
        #expect(newYork.instant(day: try day("2023-01-03"), minute: 9 * 60) == (try instant("2023-01-03T14:00:00Z")))
        let local = newYork.local(try instant("2023-07-03T13:00:00Z"))
        #expect(local.day == (try day("2023-07-03")))
        #expect(local.minute == 540)
    }

    @Test("weekdays are counted from a known Thursday")
    func weekdays() throws {
        #expect(Weekday(Day(daysSinceEpoch: 0)) == .thursday)
        #expect(Weekday(try day("2025-01-08")) == .wednesday)
        #expect(Weekday(Day(daysSinceEpoch: -1)) == .wednesday)
    }
}
