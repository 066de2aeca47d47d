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
