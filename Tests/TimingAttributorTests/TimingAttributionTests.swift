import PluginAPI
import Testing
import WorkSchedules

@testable import TimingAttributor

@Suite("Timing attribution on hand-made samples")
struct TimingAttributionTests {
    let book: ScheduleBook

    init() throws {
        book = try ScheduleBook.shipped()
    }

    private func instant(_ text: String) throws -> Instant {
        try #require(Instant(iso8601: text))
    }

    private func schedule(_ code: String) throws -> WorkSchedule {
        try #require(book.schedule(code))
    }

    @Test("local time across the daylight-saving changes and the year's end in London and New York")
    func zones() throws {
        let days = 19_000...19_800
        let london = ZoneOffsets(clock: try schedule("GB").clock, days: days)
        let newYork = ZoneOffsets(clock: try schedule("US-EAST").clock, days: days)
        // 2023-03-26 01:00 UTC: London's clocks go forward, 00:59 UTC is still 00:59 local.
        #expect(london.local(try instant("2023-03-26T00:59:00Z")).minute == 59)
        #expect(london.local(try instant("2023-03-26T01:00:00Z")).minute == 120)
        // 2023-11-05 06:00 UTC: New York falls back from EDT (−4) to EST (−5).
        #expect(newYork.local(try instant("2023-11-05T05:59:00Z")).minute == 1 * 60 + 59)
        #expect(newYork.local(try instant("2023-11-05T06:00:00Z")).minute == 1 * 60)
        // New Year in New York is still the old year in UTC's morning.
        let newYear = newYork.local(try instant("2024-01-01T03:00:00Z"))
        #expect(Day(daysSinceEpoch: Int32(newYear.day)).iso8601 == "2023-12-31" && newYear.minute == 22 * 60)
    }

    @Test(
        "PRC adjusted workdays are working days and the Spring Festival is off",
        arguments: ["2023-01-28", "2024-02-04"])
    func adjustedWorkdays(day: String) throws {
        let china = try schedule("CN")
        let date = try #require(Day(iso8601: day))
        #expect(china.dayType(date) == .adjustedWorkday)
        let time = try #require(
            WorkingTime.layOut([china], days: Int(date.daysSinceEpoch) - 5...Int(date.daysSinceEpoch) + 5).first)
        // 10:00 in Beijing is 02:00 UTC: working time on the adjusted workday (a weekend day).
        #expect(time.place(try instant(day + "T02:00:00Z")).inWorkingTime)
        #expect(try schedule("TW").dayType(date) == .weekend)
        let festival = try #require(Day(iso8601: "2023-01-24"))  // a Tuesday in the 2023 break
        #expect(china.dayType(festival) == .holiday)
    }

    @Test("the likelihood: a schedule explaining events beats the uniform null, and the fitted share is right")
    func likelihood() throws {
        // 40 events over the Beijing working day (08:45–17:15) on ordinary workdays, 10 at 03:00
        // (off schedule).
        var instants: [Instant] = []
        var day = try #require(Day(iso8601: "2023-03-06"))
        let hours = ["00:45", "01:30", "02:30", "03:30", "05:45", "06:30", "07:30", "08:30", "09:15"]
        while instants.count < 50 {
            if try schedule("CN").dayType(day) == .workday {
                let time = instants.count < 40 ? hours[instants.count % hours.count] : "19:00"
                instants.append(try instant(day.iso8601 + "T\(time):00Z"))
            }
            day = Day(daysSinceEpoch: day.daysSinceEpoch + 1)
        }
        let attribution = try TimingAttribution(
            instants, schedules: [try schedule("CN"), try schedule("UNIFORM")], thresholds: .init(),
            cancellation: .never)
        let china = try #require(attribution.fits.first)
        #expect(china.schedule.code == "CN" && attribution.fits.last?.schedule.code == "UNIFORM")
        #expect(china.inWorkingTime == 40)
        // 10 of 50 outside working time, which is most of all time: ε is a little over 0.2.
        #expect(china.offScheduleShare > 0.2 && china.offScheduleShare < 0.3)
        // Ordinary workdays only: nothing tells China from another office on its clock.
        #expect(!attribution.isConfident)
        #expect(attribution.verdict.hasPrefix("undecided, leaning to CN: the 50 events cannot separate CN"))
        #expect(attribution.lead?.schedule.code == "CN")
        #expect(attribution.verdict.contains("from UTC+8? ("))
    }

    @Test("too few, single and no events: the attributor says so instead of guessing")
    func abstains() throws {
        let schedules = book.schedules
        let none = try TimingAttribution([], schedules: schedules, thresholds: .init(), cancellation: .never)
        #expect(none.fits.isEmpty && !none.isConfident && none.verdict == "no timestamps to attribute")
        let one = try TimingAttribution(
            [try instant("2023-05-10T02:00:00Z")], schedules: schedules, thresholds: .init(), cancellation: .never)
        #expect(!one.isConfident && Set(one.fits.map(\.schedule.code)).isSuperset(of: schedules.map(\.code)))
        #expect(one.verdict.hasPrefix("too few events to attribute: 1, at least 10 are needed"))
        // Twelve events at 10:00 on weekdays fit every UTC+8 schedule: no confident answer.
        var day = try #require(Day(iso8601: "2023-03-06"))
        var few: [Instant] = []
        while few.count < 12 {
            if Weekday(day).rawValue < 5 { few.append(try instant(day.iso8601 + "T02:00:00Z")) }
            day = Day(daysSinceEpoch: day.daysSinceEpoch + 1)
        }
        let undecided = try TimingAttribution(few, schedules: schedules, thresholds: .init(), cancellation: .never)
        #expect(!undecided.isConfident)
        #expect(undecided.verdict.contains("cannot separate"))
    }

    @Test("holidays: China's adjusted workdays and Taiwan's holidays separate the two UTC+8 schedules")
    func holidayEvidence() throws {
        // Events on the 2023 PRC adjusted workdays (weekend days in Taiwan) at 10:00 Beijing time,
        // and over the working day on ordinary workdays.
        var instants = try [
            "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07",
            "2023-10-08",
        ].map { try instant($0 + "T02:00:00Z") }
        var day = try #require(Day(iso8601: "2023-03-06"))
        let times = ["00:45", "01:30", "02:30", "03:30", "05:45", "06:30", "07:30", "08:30", "09:15"]
        while instants.count < 60 {
            if book.schedule("CN")?.dayType(day) == .workday, book.schedule("TW")?.dayType(day) == .workday {
                instants.append(try instant(day.iso8601 + "T\(times[instants.count % times.count]):00Z"))
            }
            day = Day(daysSinceEpoch: day.daysSinceEpoch + 2)
        }
        let attribution = try TimingAttribution(
            instants, schedules: [try schedule("CN"), try schedule("TW")], thresholds: .init(), cancellation: .never)
        #expect(attribution.fits.first?.schedule.code == "CN" && attribution.isConfident)
        #expect(attribution.verdict.contains("adjusted workdays (7 events fit CN)"))
        let test = try #require(attribution.fits.first?.holidays)
        #expect(test.onAdjustedWorkdays == 7 && test.adjustedProbability < 0.001)
    }

    /// Events at `times` (UTC) on every day from `first` that `keep` accepts, `count` of them.
    private func events(
        from first: String, count: Int, times: [String], keep: (Day) -> Bool
    ) throws -> [Instant] {
        var instants: [Instant] = []
        var day = try #require(Day(iso8601: first))
        while instants.count < count {
            if keep(day) { instants.append(try instant(day.iso8601 + "T\(times[instants.count % times.count]):00Z")) }
            day = Day(daysSinceEpoch: day.daysSinceEpoch + 1)
        }
        return instants
    }

    @Test("an office on China's clock that works through the PRC holidays is no tested place: no hypothesis fits")
    func untestedPlace() throws {
        // Beijing office hours, Monday to Friday, public holidays and all, over 2021–2023: the
        // hours fit UTC+8 (or UTC+9 an hour later), the days none of the calendars there.
        let times = (1...8).map { String(format: "%02d:30", $0) }
        let instants = try events(
            from: "2021-01-04", count: 210, times: times,
            keep: { Weekday($0).rawValue < 5 && $0.daysSinceEpoch % 3 == 0 })
        let attribution = try TimingAttribution(
            instants, schedules: book.schedules, thresholds: .init(), cancellation: .never)
        #expect(!attribution.isConfident && attribution.noHypothesisFits)
        #expect(attribution.verdict.hasPrefix("no hypothesis fits: the likeliest is another place on UTC+"))
    }

    @Test("Saturdays worked like Japan's working days are found worked; without them, no day off is")
    func workedDaysOff() throws {
        // 09:30–16:30 in Tokyo (00:30–07:30 UTC) on every other Japanese working day, and
        // Saturday or not.
        let japan = try schedule("JP")
        let times = (0...7).map { String(format: "%02d:30", $0) }
        func daysOff(saturdays: Bool) throws -> [String] {
            let instants = try events(
                from: "2021-01-04", count: 420, times: times,
                keep: {
                    (japan.isWorkingDay($0) || saturdays && Weekday($0) == .saturday) && $0.daysSinceEpoch % 2 == 0
                })
            let days = TimingAttribution.days(spanning: instants)
            let time = try #require(WorkingTime.layOut([japan], days: days).first)
            let fit = try HypothesisFit(
                time, local: time.localTimes(of: instants), windowMinutes: days.count * 1440, cancellation: .never)
            return GoodnessOfFit(time, fit: fit, instants: instants).workedDaysOff
        }
        #expect(try daysOff(saturdays: true) == ["Saturdays"])
        #expect(try daysOff(saturdays: false) == [])
    }

    @Test("a lunch break around noon places the clock that the start and end of the day cannot")
    func lunchPlacesClock() throws {
        // 09:00–18:00 with an hour's lunch from 12:00 on UTC+9 (00:00–09:00 UTC, nothing from
        // 03:00 to 04:00), Monday to Friday, holidays and all: no calendar speaks, and the day
        // fits 08:00–17:00 on UTC+8 as well; only the lunch, at 11:00 there, tells.
        let times = [
            "00:15", "00:50", "01:30", "02:10", "02:45", "04:15", "04:50", "05:30", "06:10", "06:45", "07:30", "08:15",
        ]
        let instants = try events(
            from: "2021-01-04", count: 180, times: times,
            keep: { Weekday($0).rawValue < 5 && $0.daysSinceEpoch % 4 == 0 })
        let attribution = try TimingAttribution(
            instants, schedules: book.schedules, thresholds: .init(), cancellation: .never)
        let onClock = { (hours: Int) in
            attribution.fits.filter { $0.schedule.clock.offsetSeconds(at: instants[0]) == hours * 3600 }
                .reduce(0) { $0 + $1.posterior }
        }
        #expect(onClock(9) > 0.9, "\(attribution.fits.prefix(4).map { ($0.schedule.code, $0.posterior) })")
        #expect(onClock(8) < 0.05)
    }

    @Test("a working day outside the hours a clock allows is named: New York's clock, 12:00–21:00")
    func misplacedDay() throws {
        // 12:00–21:00 in New York (17:00–02:00 UTC in winter) on US working days: Los Angeles.
        let us = try schedule("US-EAST")
        let instants = try events(
            from: "2021-01-04", count: 210, times: ["17:30", "19:00", "21:30", "23:00", "00:30", "01:30"],
            keep: { us.isWorkingDay($0) && $0.daysSinceEpoch % 3 == 0 && [1, 2, 11, 12].contains($0.components.month) })
        let attribution = try TimingAttribution(
            instants, schedules: book.schedules, thresholds: .init(), cancellation: .never)
        #expect(!attribution.isConfident && attribution.noHypothesisFits)
        #expect(attribution.verdict.contains("outside the office hours it allows"), "\(attribution.verdict)")
        // US-EAST ranks first with a posterior near 1 among hypotheses that all fail: no
        // posterior is stated, in the verdict or the table, that could read as confidence.
        #expect(!attribution.posteriorsHold && !attribution.verdict.contains("posterior"))
        #expect(attribution.lead == nil)
    }
}
