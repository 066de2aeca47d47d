/// A working day on a hypothesis's clock as the likelihood sees it: from a start to an end
/// minute of the local day with soft edges (people come early and stay late), and perhaps a
/// lunch break around local noon.
///
/// The attributor does not trust a schedule's stated hours to the half hour — they are
/// assumptions, and an actor's real office opens an hour later or skips lunch — so it weighs a
/// grid of office days around the stated ones (``candidates(starts:lengths:)``) and averages over
/// them. Schedules on one clock share one grid: their hours, which differ by half an hour, then
/// cannot decide between them; their working days (weeks, holidays, adjusted workdays) do.
///
/// Each day of the grid comes without a lunch break and with each of ``lunches`` — the same on
/// every clock, half the day's prior weight for none and half shared by the lunches, so a
/// lunch never favours one clock or place over another; but an office that breaks around its
/// noon tells its clock from the clocks an hour or two either side, which its start and end
/// alone cannot.
struct OfficeDay: Equatable, Sendable {
    /// First minute of the day with full weight.
    let start: Int
    /// Minute after the last with full weight.
    let end: Int
    /// The lunch break, when the day has one: little working weight inside, ramping down
    /// from its edges.
    let lunch: Range<Int>?
    /// Minutes of working weight in the day (the ramps count in part).
    let softMinutes: Double
    /// The day's weight in the grid's average (each start and length weighs 1).
    let prior: Double
    /// Each minute's weight in steps of 1/``weightSteps``, for counting events by weight.
    let steppedWeights: [UInt8]

    /// How finely ``steppedWeights`` counts.
    static let weightSteps = 30

    init(start: Int, end: Int, lunch: Range<Int>? = nil, prior: Double = 1) {
        self.start = start
        self.end = end
        self.lunch = lunch
        self.prior = prior
        let day = OfficeDay(weighing: start, end, lunch)
        var stepped = [UInt8](repeating: 0, count: 1440)
        var sum = 0.0
        var minute = 0
        while minute < 1440 {
            let weight = day.weight(minute)
            sum += weight
            stepped[minute] = UInt8((weight * Double(Self.weightSteps)).rounded())
            minute += 1
        }
        softMinutes = sum
        steppedWeights = stepped
    }

    /// The day without its weights summed, to weigh its minutes.
    private init(weighing start: Int, _ end: Int, _ lunch: Range<Int>?) {
        self.start = start
        self.end = end
        self.lunch = lunch
        softMinutes = 0
        prior = 0
        steppedWeights = []
    }

    /// How far the day spreads beyond its start and end, each side.
    static let edgeMinutes = 30
    /// How far a candidate's start or end may lie from the stated ones.
    static let reachMinutes = 90
    /// The grid's step.
    static let stepMinutes = 30
    /// The shortest office day the grid holds.
    static let shortestMinutes = 6 * 60
    /// The lunch breaks a day may have: starting from 11:30 to 13:00 local time, an hour or an
    /// hour and a half long.
    static let lunches: [Range<Int>] = stride(from: 690, through: 780, by: 30).flatMap { start in
        [60, 90].map { start..<(start + $0) }
    }
    /// How far inside a lunch break its weight ramps down, from each edge.
    static let lunchEdgeMinutes = 15
    /// Working weight in the middle of a lunch break (some work through it).
    static let lunchWeight = 0.1

    /// The whole day: the "no schedule" hypothesis.
    static let allDay = OfficeDay(start: 0, end: 1440)

    /// Whether this is ``allDay``.
    var isAllDay: Bool { start == 0 && end == 1440 && lunch == nil }

    static func == (left: OfficeDay, right: OfficeDay) -> Bool {
        left.start == right.start && left.end == right.end && left.lunch == right.lunch
    }

    /// 1 inside, a linear ramp to 0 over ``edgeMinutes`` beyond each edge, and down to
    /// ``lunchWeight`` over ``lunchEdgeMinutes`` inside a lunch break (the whole day: 1).
    func weight(_ minute: Int) -> Double {
        if isAllDay { return 1 }
        let point = Double(minute) + 0.5
        let distance = point < Double(start) ? Double(start) - point : point > Double(end) ? point - Double(end) : 0
        let day = max(0, 1 - distance / Double(Self.edgeMinutes))
        guard let lunch, lunch.contains(minute) else { return day }
        let inside = min(point - Double(lunch.lowerBound), Double(lunch.upperBound) - point)
        return day * max(Self.lunchWeight, 1 - inside / Double(Self.lunchEdgeMinutes))
    }

    /// The first minute with any working weight.
    var softStart: Int { max(start - Self.edgeMinutes, 0) }

    /// Office days starting within ``reachMinutes`` of the stated starts, as long as the stated
    /// days give or take an hour and a half (an hour more at most: a longer day would swallow
    /// the evening overtime of an office on another clock), by ``stepMinutes``; each without a
    /// lunch break and with each of ``lunches``.
    static func candidates(starts: ClosedRange<Int>, lengths: ClosedRange<Int>) -> [OfficeDay] {
        let shortest = max(lengths.lowerBound - reachMinutes, shortestMinutes)
        let longest = lengths.upperBound + 60
        var days: [OfficeDay] = []
        for start in stride(
            from: max(starts.lowerBound - reachMinutes, 0), through: starts.upperBound + reachMinutes, by: stepMinutes)
        {
            for length in stride(from: shortest, through: longest, by: stepMinutes) where start + length <= 1440 {
                days.append(OfficeDay(start: start, end: start + length, prior: 0.5))
                for lunch in lunches {
                    days.append(
                        OfficeDay(start: start, end: start + length, lunch: lunch, prior: 0.5 / Double(lunches.count)))
                }
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

    /// `09:30–18:00`, without the lunch break.
    var text: String {
        String(format: "%02d:%02d–%02d:%02d", start / 60, start % 60, end / 60, end % 60)
    }
}
