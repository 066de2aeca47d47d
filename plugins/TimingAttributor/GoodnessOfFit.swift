import Foundation
import PluginAPI
import WorkSchedules

/// Whether a hypothesis's working day describes the events it places in working time: the
/// events on its working days, by local hour, against the shape of its working hours (a G-test
/// of the hours that carry working weight). A night shift read on another clock, or an office
/// in an untested time zone, fills only part of the best hypothesis's day — the test rejects
/// it, and "no hypothesis fits" is the verdict. Off-hours activity (evenings, weekends) is the
/// mixture's other part and is not tested here, so overtime does not make an actor unfit.
struct GoodnessOfFit {
    /// Probability of a mismatch this large if the hypothesis's hours were right.
    let probability: Double
    /// Working hours with far fewer events than the hypothesis expects (`14–17`).
    let emptyHours: [Int]
    /// Hours with far more.
    let crowdedHours: [Int]

    /// Share of the working day's weight in hours with almost no events.
    let emptyShare: Double

    /// Share of the working days' events in the two hours before the working day begins (its
    /// soft start): an office on an earlier clock shows up here.
    let earlyShare: Double

    /// Least probability for a fit.
    static let threshold = 0.01
    /// Largest share of events just before the working day in a fit.
    static let largestEarlyShare = 0.05
    /// Largest share of the working day that may be empty in a fit: an office's hours wander
    /// from the stated ones by an hour or so, but a quarter of its day without events is
    /// another day.
    static let largestEmptyShare = 0.15

    /// A mismatch that is both unlikely and large: real offices keep hours that differ from
    /// the stated ones a little, which a large sample detects without its mattering.
    var fits: Bool {
        (probability >= Self.threshold || emptyShare < Self.largestEmptyShare)
            && emptyShare < Self.emptyBeyondDoubt && earlyShare <= Self.largestEarlyShare
    }

    /// A share of the working day so empty that, whatever the sample size, it is another day:
    /// hours expecting three events or more each, with under a quarter of them.
    static let emptyBeyondDoubt = 0.35

    init(_ time: WorkingTime, instants: [Instant]) {
        let weights = time.hourlyWeights
        let template = weights.working
        // An hour can be "empty" only if it is mostly inside the stated hours (at least half of
        // it on an average working day): the soft edges around a lunch break are not.
        let statedHours = Set((0..<24).filter { weights.stated[$0] >= 30 * Double(max(weights.workdays, 1)) })
        let start = time.softStartMinute
        var observed = [Double](repeating: 0, count: 24)
        var (onWorkdays, early) = (0, 0)
        for instant in instants {
            let (hour, workday) = time.hourAndWorkday(instant)
            guard workday else { continue }
            observed[hour] += time.weight(instant)
            onWorkdays += 1
            let minute = time.localMinute(instant)
            if let start, minute < start, minute >= start - 120 { early += 1 }
        }
        earlyShare = onWorkdays == 0 ? 0 : Double(early) / Double(onWorkdays)
        let hours = (0..<24).filter { template[$0] > 0 }
        let seen = hours.reduce(0) { $0 + observed[$1] }
        let weight = hours.reduce(0) { $0 + template[$1] }
        guard seen >= 5, weight > 0, hours.count > 1 else {
            probability = 1
            emptyHours = []
            crowdedHours = []
            emptyShare = 0
            return
        }
        var statistic = 0.0
        var empty: [Int] = []
        var crowded: [Int] = []
        for hour in hours {
            let expected = seen * template[hour] / weight
            if observed[hour] > 0 { statistic += 2 * observed[hour] * log(observed[hour] / expected) }
            if expected >= 3, statedHours.contains(hour), observed[hour] < 0.25 * expected { empty.append(hour) }
            if expected >= 1, observed[hour] > 3 * expected + 2 { crowded.append(hour) }
        }
        probability = Self.chiSquareSurvival(statistic, degrees: Double(hours.count - 1))
        emptyShare = empty.reduce(0) { $0 + template[$1] } / weight
        emptyHours = empty
        crowdedHours = crowded
    }

    /// P(χ² ≥ x) with `degrees` degrees of freedom (Wilson–Hilferty's normal approximation).
    static func chiSquareSurvival(_ x: Double, degrees k: Double) -> Double {
        guard x > 0, k > 0 else { return 1 }
        let z = (pow(x / k, 1.0 / 3) - (1 - 2 / (9 * k))) / sqrt(2 / (9 * k))
        return 0.5 * erfc(z / sqrt(2))
    }

    /// `few events at 14–17 h, where its working day has them` and the like.
    func describe(_ code: String) -> String {
        var parts: [String] = []
        if earlyShare > Self.largestEarlyShare {
            parts.append(
                "\(Int((earlyShare * 100).rounded())) % of the events come in the two hours before \(code)'s working day begins"
            )
        }
        if !emptyHours.isEmpty {
            parts.append("few events at \(Self.ranges(emptyHours)) h, inside \(code)'s working day")
        }
        if !crowdedHours.isEmpty { parts.append("a crowd of events at \(Self.ranges(crowdedHours)) h") }
        return parts.isEmpty
            ? "the events are spread over \(code)'s working day unlike its hours" : parts.joined(separator: "; ")
    }

    /// `9–11, 15`: consecutive hours joined.
    private static func ranges(_ hours: [Int]) -> String {
        var groups: [(Int, Int)] = []
        for hour in hours.sorted() {
            if let last = groups.last, last.1 == hour - 1 {
                groups[groups.count - 1].1 = hour
            } else {
                groups.append((hour, hour))
            }
        }
        return groups.map { $0.0 == $0.1 ? String(format: "%02d", $0.0) : String(format: "%02d–%02d", $0.0, $0.1 + 1) }
            .joined(separator: ", ")
    }
}
