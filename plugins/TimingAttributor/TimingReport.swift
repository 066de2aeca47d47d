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
                    .double(rounded(fit.posterior, 3)), .double(rounded(fit.score, 1)),
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
        rows' timestamps. Each hypothesis is a time zone, a working week, office hours with a lunch
        break and a holiday calendar with adjusted workdays (Sources/WorkSchedules/schedules.json,
        Calendars/). Model: a share of events uniform over the hypothesis's working time, the rest
        uniform over all time, the share fitted; score = log-likelihood − ½ ln n; posterior with
        equal priors. on_holidays / holidays_expected / holidays_p: events on the calendar's holidays
        against a model that knows the week but not the calendar (p = chance of so few). The verdict
        names the evidence separating the top two, or says the events cannot separate them.
        `in_schedule(ts, "CN")` tests one instant. `:plugins eval timing-attributor` measures it.
        Hypotheses: \(schedules.map(\.code).joined(separator: ", ")).
        """
    }
}
