/// A working day on a hypothesis's clock as the likelihood sees it: from a start to an end
/// minute of the local day, lunch included, with soft edges (people come early and stay late).
///
/// The attributor does not trust a schedule's stated hours to the half hour — they are
/// assumptions, and an actor's real office opens an hour later or skips lunch — so it weighs a
/// grid of office days around the stated ones (``candidates(starts:lengths:)``) and averages over
/// them. Schedules on one clock share one grid: their hours, which differ by half an hour, then
/// cannot decide between them; their working days (weeks, holidays, adjusted workdays) do.
struct OfficeDay: Equatable, Sendable {
    /// First minute of the day with full weight.
    let start: Int
    /// Minute after the last with full weight.
    let end: Int

    /// How far the day spreads beyond its start and end, each side.
    static let edgeMinutes = 30
    /// How far a candidate's start or end may lie from the stated ones.
    static let reachMinutes = 90
    /// The grid's step.
    static let stepMinutes = 30
    /// The shortest office day the grid holds.
    static let shortestMinutes = 6 * 60

    /// The whole day: the "no schedule" hypothesis.
    static let allDay = OfficeDay(start: 0, end: 1440)

    /// 1 inside, a linear ramp to 0 over ``edgeMinutes`` beyond each edge (the whole day: 1).
    func weight(_ minute: Int) -> Double {
        if self == .allDay { return 1 }
        let point = Double(minute) + 0.5
        let distance = point < Double(start) ? Double(start) - point : point > Double(end) ? point - Double(end) : 0
        return max(0, 1 - distance / Double(Self.edgeMinutes))
    }

    /// Minutes of working weight in the day (the two ramps count half).
    var softMinutes: Double {
        self == .allDay ? 1440 : Double(end - start + Self.edgeMinutes)
    }

    /// The first minute with any working weight.
    var softStart: Int { max(start - Self.edgeMinutes, 0) }

    /// Office days starting within ``reachMinutes`` of the stated starts, as long as the stated
    /// days give or take an hour and a half (an hour more at most: a longer day would swallow
    /// the evening overtime of an office on another clock), by ``stepMinutes``.
    static func candidates(starts: ClosedRange<Int>, lengths: ClosedRange<Int>) -> [OfficeDay] {
        let shortest = max(lengths.lowerBound - reachMinutes, shortestMinutes)
        let longest = lengths.upperBound + 60
        var days: [OfficeDay] = []
        for start in stride(from: max(starts.lowerBound - reachMinutes, 0), through: starts.upperBound + reachMinutes, by: stepMinutes) {
            for length in stride(from: shortest, through: longest, by: stepMinutes) where start + length <= 1440 {
                days.append(OfficeDay(start: start, end: start + length))
            }
        }
        return days
    }

    /// Office days of the given lengths starting at any step of the day (and ending by midnight).
    static func anyStart(lengths: ClosedRange<Int>) -> [OfficeDay] {
        stride(from: 0, to: 1440, by: stepMinutes).flatMap { start in
            stride(from: lengths.lowerBound, through: lengths.upperBound, by: stepMinutes)
                .filter { start + $0 <= 1440 }
                .map { OfficeDay(start: start, end: start + $0) }
        }
    }

    /// `09:30–18:00`.
    var text: String {
        String(format: "%02d:%02d–%02d:%02d", start / 60, start % 60, end / 60, end % 60)
    }
}
