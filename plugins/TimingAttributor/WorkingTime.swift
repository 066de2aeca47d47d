import PluginAPI
import WorkSchedules

/// One hypothesis laid out over the local days of a window: for each day its kind (workday,
/// weekend, holiday, adjusted workday) and working minutes, so that testing a timestamp is an
/// array lookup and a comparison.
struct WorkingTime {
    let schedule: WorkSchedule
    private let zone: ZoneOffsets
    private let firstDay: Int
    private let dayTypes: [WorkSchedule.DayType]
    private let minutes: [[Range<Int>]]
    /// Working minutes in the window (the in-schedule density is uniform over them).
    let workingMinutes: Int
    /// For each local day, which soft profile of ``profiles`` applies (nil: a day off).
    private let profileOfDay: [Int?]
    /// The day's working hours with soft edges: 1 inside, falling linearly to 0 over
    /// ``edgeMinutes`` on each side of every start and end (people come early, stay late, take
    /// lunch at other times), by minute of the local day.
    private let profiles: [[Double]]
    /// Working days in the window.
    let workingDays: Int
    /// The soft working minutes of an average working day.
    let softMinutesPerDay: Double

    /// How far working time spreads beyond the stated hours, each side.
    static let edgeMinutes = 45

    /// The schedule over the local days that cover the UTC days `days` (one day each side).
    init(_ schedule: WorkSchedule, days: ClosedRange<Int>) {
        self.schedule = schedule
        zone = ZoneOffsets(clock: schedule.clock, days: days)
        firstDay = days.lowerBound - 1
        let localDays = firstDay...(days.upperBound + 1)
        dayTypes = localDays.map { schedule.dayType(Day(daysSinceEpoch: Int32($0))) }
        minutes = localDays.map { schedule.workingMinutes(on: Day(daysSinceEpoch: Int32($0))) }
        // Count the working minutes of the UTC window only: the local days at either end are
        // partly outside it, by the zone's offset.
        let offset =
            schedule.clock.offsetSeconds(at: Instant(millisecondsSinceEpoch: Int64(days.lowerBound) * 86_400_000)) / 60
        var total = 0
        for (position, ranges) in minutes.enumerated() {
            let dayStart = (firstDay + position - days.lowerBound) * 1440 - offset
            for range in ranges {
                let start = max(dayStart + range.lowerBound, 0)
                let end = min(dayStart + range.upperBound, days.count * 1440)
                total += max(end - start, 0)
            }
        }
        workingMinutes = total
        var profiles: [[Double]] = []
        var patterns: [[Range<Int>]] = []
        var profileOfDay: [Int?] = []
        for ranges in minutes {
            guard !ranges.isEmpty else {
                profileOfDay.append(nil)
                continue
            }
            if let known = patterns.firstIndex(of: ranges) {
                profileOfDay.append(known)
            } else {
                patterns.append(ranges)
                profiles.append(Self.softProfile(ranges))
                profileOfDay.append(profiles.count - 1)
            }
        }
        self.profiles = profiles
        self.profileOfDay = profileOfDay
        let days = profileOfDay.compactMap { $0 }
        workingDays = days.count
        softMinutesPerDay =
            days.isEmpty ? 0 : days.map { profiles[$0].reduce(0, +) }.reduce(0, +) / Double(days.count)
    }

    /// 1 inside the ranges, a linear ramp to 0 over ``edgeMinutes`` outside each edge.
    private static func softProfile(_ ranges: [Range<Int>]) -> [Double] {
        let ramp = Double(edgeMinutes)
        return (0..<1440).map { minute in
            let point = Double(minute) + 0.5
            var weight = 0.0
            for range in ranges {
                let (start, end) = (Double(range.lowerBound), Double(range.upperBound))
                let distance = point < start ? start - point : point > end ? point - end : 0
                weight = max(weight, max(0, 1 - distance / ramp))
            }
            return weight
        }
    }

    /// How much an instant is in working time: 1 inside the hours of a working day, between 0
    /// and 1 near their edges, 0 on a day off or far from the hours.
    func weight(_ instant: Instant) -> Double {
        let (day, minute) = zone.local(instant)
        return weight(day: day, minute: minute)
    }

    /// The weight of a local day's minute.
    private func weight(day: Int, minute: Int) -> Double {
        let position = day - firstDay
        guard profileOfDay.indices.contains(position), let profile = profileOfDay[position] else { return 0 }
        return profiles[profile][min(max(minute, 0), 1439)]
    }

    /// ``place(_:)`` and ``weight(_:)`` at once, with one time-zone lookup.
    func placeAndWeight(_ instant: Instant) -> (inWorkingTime: Bool, dayType: WorkSchedule.DayType, weight: Double) {
        let (day, minute) = zone.local(instant)
        let position = day - firstDay
        guard dayTypes.indices.contains(position) else {
            let place = self.place(instant)
            return (place.inWorkingTime, place.dayType, weight(day: day, minute: minute))
        }
        return (
            minutes[position].contains { $0.contains(minute) }, dayTypes[position], weight(day: day, minute: minute)
        )
    }

    /// The minute of the local day of an instant.
    func localMinute(_ instant: Instant) -> Int {
        zone.local(instant).minute
    }

    /// The first minute of the day with working weight on most working days (the start of the
    /// stated hours less the soft edge); nil for a schedule without days off or hours.
    var softStartMinute: Int? {
        guard let first = profiles.first, let start = first.firstIndex(where: { $0 > 0 }), start > 0 else {
            return nil
        }
        return start
    }

    /// The local hour (0–23) of an instant and whether its local day is a working day.
    func hourAndWorkday(_ instant: Instant) -> (hour: Int, workday: Bool) {
        let (day, minute) = zone.local(instant)
        let position = day - firstDay
        let workday = profileOfDay.indices.contains(position) && profileOfDay[position] != nil
        return (min(max(minute / 60, 0), 23), workday)
    }

    /// Soft working weight of each local hour of the day and its stated working minutes, summed
    /// over the window's working days, and how many local days are working days and days off.
    var hourlyWeights: (working: [Double], stated: [Double], workdays: Int, daysOff: Int) {
        var hours = [Double](repeating: 0, count: 24)
        var stated = [Double](repeating: 0, count: 24)
        var workdays = 0
        for (position, profile) in profileOfDay.enumerated() {
            guard let profile else { continue }
            workdays += 1
            for minute in 0..<1440 { hours[minute / 60] += profiles[profile][minute] }
            for range in minutes[position] {
                for minute in range where minute >= 0 && minute < 1440 { stated[minute / 60] += 1 }
            }
        }
        return (hours, stated, workdays, profileOfDay.count - workdays)
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

    /// The kind of a local day (days since the epoch).
    func dayType(_ day: Int) -> WorkSchedule.DayType {
        let position = day - firstDay
        return dayTypes.indices.contains(position)
            ? dayTypes[position] : schedule.dayType(Day(daysSinceEpoch: Int32(day)))
    }

    /// The local days of the window, for counting days of each kind.
    var localDays: ClosedRange<Int> { firstDay...(firstDay + dayTypes.count - 1) }
}
