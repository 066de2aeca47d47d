import Foundation
import PluginAPI
import WorkSchedules

/// The table `attribute timing` returns, with its verdict as a note under it.
enum TimingReport {
    static let columns = [
        "rank", "hypothesis", "name", "posterior", "score", "in_working_time", "off_schedule", "on_holidays",
        "holidays_expected", "holidays_p", "on_adjusted_workdays", "adjusted_expected",
    ]

    static func rows(_ attribution: TimingAttribution, read timestamps: TimestampReader) -> RowSet {
        let imprecise = timestamps.imprecise
        let rows = attribution.fits.enumerated().map { rank, fit -> Row in
            let holidays = fit.holidays
            return Row(
                node: nil,
                values: [
                    .int(rank + 1), .string(fit.schedule.code), .string(fit.schedule.name),
                    attribution.posteriorsHold ? .double(rounded(fit.posterior, 3)) : .null,
                    .double(rounded(fit.score, 1)),
                    .double(rounded(fit.workingShare, 3)), .double(rounded(fit.offScheduleShare, 3)),
                    holidays.map { .int($0.onHolidays) } ?? .null,
                    holidays.map { .double(rounded($0.expectedOnHolidays, 1)) } ?? .null,
                    holidays.map { .double(rounded($0.holidayProbability, 4)) } ?? .null,
                    holidays.map { .int($0.onAdjustedWorkdays) } ?? .null,
                    holidays.map { .double(rounded($0.expectedOnAdjustedWorkdays, 1)) } ?? .null,
                ])
        }
        var notes =
            [timestamps.inputRemark].compactMap { $0 } + ["verdict: " + attribution.verdict] + attribution.sameClock
        if !attribution.posteriorsHold {
            notes.append(
                "posteriors not shown: they assume one of the hypotheses is true, and the best one does not fit; ranked by score"
            )
        }
        if imprecise > 0 {
            notes.append(
                "\(imprecise) timestamp\(imprecise == 1 ? "" : "s") recorded only to the day or month left out")
        }
        return RowSet(columns: columns, rows: rows, carriesNodes: false, notes: notes)
    }

    private static func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    static func help(_ schedules: [WorkSchedule]) -> String {
        """
        Timing attributor: `… | attribute timing [on COLUMN]` ranks working-time hypotheses for the
        rows' timestamps. Each hypothesis is a time zone, a working week, office hours and a holiday
        calendar with adjusted workdays (Sources/WorkSchedules/schedules.json, Calendars/); beside
        them, for each clock, an untested place (its week, no tested calendar: `UTC+8?`) and a team
        working every day (`UTC+8 daily?`). Model: a share of events on the hypothesis's working
        days inside an office day, the rest at any time, the share fitted; the office day is not
        the stated hours but averaged over starts and lengths within 90 minutes of them, the same
        for every hypothesis on one clock — hours place the clock, working days (weeks, holidays,
        adjusted workdays) the place on it. Posteriors with equal priors (the uniform "no schedule"
        half). A verdict needs posterior ≥ 0.95 and a fit: "no hypothesis fits" when the best one's
        day starts outside its allowed hours, leaves hours empty, has its days off worked, or an
        untested place explains the events better (posteriors are then not shown: they assume one
        of the hypotheses is true). Short of 0.95, a place with posterior ≥ 0.5 is a lead
        ("undecided, leaning to CN"), not a verdict. on_holidays / holidays_expected / holidays_p:
        events on the calendar's holidays against a model that knows the week but not the calendar.
        `in_schedule(ts, "CN")` tests one instant against the stated hours.
        `:plugins eval timing-attributor` measures it, in-model and out-of-model.
        Hypotheses: \(schedules.map(\.code).joined(separator: ", ")).
        """
    }
}
