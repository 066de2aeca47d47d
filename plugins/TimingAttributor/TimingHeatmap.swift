import PluginAPI
import WorkSchedules

/// `timing heatmap`: the hour × weekday grid of the timestamps in the time zone of the
/// hypothesis that explains them best, with the verdict under it.
enum TimingHeatmap {
    static let columns = ["hour", "weekday", "count"]

    static func rows(_ attribution: TimingAttribution, read timestamps: TimestampReader) -> RowSet {
        let input = [timestamps.inputRemark].compactMap { $0 }
        guard let winner = attribution.fits.first?.schedule else {
            return RowSet(
                columns: columns, rows: [], carriesNodes: false, notes: input + ["verdict: " + attribution.verdict])
        }
        var counts = Array(repeating: Array(repeating: 0, count: 7), count: 24)
        for instant in timestamps.instants {
            let (day, minute) = winner.clock.local(instant)
            counts[minute / 60][Weekday(day).rawValue] += 1
        }
        let rows = (0..<24).flatMap { hour in
            (0..<7).map { weekday in
                Row(node: nil, values: [.int(hour), .int(weekday + 1), .int(counts[hour][weekday])])
            }
        }
        let zone = winner.clock.zone.identifier
        return RowSet(
            columns: columns, rows: rows, carriesNodes: false,
            notes: input + [
                "hours and weekdays (1 = Monday) in \(zone), the zone of \(winner.code)",
                "verdict: " + attribution.verdict,
            ], chart: .grid(row: 0, column: 1, value: 2))
    }
}
