import Foundation
import PluginAPI
import WorkSchedules

/// The holiday test of one calendar: how many events fell on its holidays against how many a
/// schedule-blind model (the same working week, no calendar) expects, and the same for its
/// adjusted workdays (weekend days declared working days).
struct HolidayTest {
    /// Events on the calendar's holidays.
    let onHolidays: Int
    /// Events a schedule-blind model expects there: events on working-week days, shared out in
    /// proportion to the holidays among those days.
    let expectedOnHolidays: Double
    /// Probability of so few (or fewer) under the blind model (binomial).
    let holidayProbability: Double
    /// Events on adjusted workdays.
    let onAdjustedWorkdays: Int
    /// Events the blind model expects there: weekend events shared out in proportion.
    let expectedOnAdjustedWorkdays: Double
    /// Probability of so many (or more) under the blind model.
    let adjustedProbability: Double

    init(tally: HolidayTally, time: WorkingTime) {
        var days = HolidayTally()
        for day in time.localDays { days.count(time.dayType(day)) }
        // A holiday is off a working-week day, an adjusted workday off a weekend day.
        let weekdayEvents = tally.workdays + tally.holidays
        let holidayShare = Double(days.holidays) / Double(max(days.workdays + days.holidays, 1))
        onHolidays = tally.holidays
        expectedOnHolidays = Double(weekdayEvents) * holidayShare
        holidayProbability = Binomial.atMost(tally.holidays, trials: weekdayEvents, probability: holidayShare)
        let weekendEvents = tally.weekends + tally.adjustedWorkdays
        let adjustedShare = Double(days.adjustedWorkdays) / Double(max(days.weekends + days.adjustedWorkdays, 1))
        onAdjustedWorkdays = tally.adjustedWorkdays
        expectedOnAdjustedWorkdays = Double(weekendEvents) * adjustedShare
        adjustedProbability =
            1 - Binomial.atMost(tally.adjustedWorkdays - 1, trials: weekendEvents, probability: adjustedShare)
    }
}

/// Binomial tail probabilities, summed in log space so that large samples do not overflow.
enum Binomial {
    /// P(X ≤ k) for X ~ Binomial(n, p).
    static func atMost(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n, p > 0 else { return 1 }
        guard p < 1 else { return 0 }
        var total = 0.0
        for i in 0...k {
            let ways: Double = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
            let chance: Double = Double(i) * log(p) + Double(n - i) * log(1 - p)
            total += exp(ways + chance)
        }
        return min(total, 1)
    }
}
