import IncidentGraph
import WorkSchedules

/// How many incidents of each campaign fall in each month: each campaign's count spread over
/// its months in proportion to their working days under the schedule (largest remainders, so
/// the totals are exact), so that a month with the Spring Festival gets fewer.
struct MonthlyPlan {
    /// Months from the first campaign start to the last campaign end, in order.
    let months: [(year: Int, month: Int)]
    /// `counts[monthIndex][campaignIndex]`.
    let counts: [[Int]]

    init(total: Int, schedule: WorkSchedule) {
        let campaigns = SyntheticModel.campaigns
        let first = campaigns.map(\.start).min() ?? Day(daysSinceEpoch: 0)
        let last = campaigns.map(\.end).max() ?? Day(daysSinceEpoch: 0)
        months =
            CampaignModel(
                id: "", phase: 0, start: first, end: last, isEmail: false, vectors: [], sectors: [], technique: ""
            ).months
        var counts = Array(repeating: Array(repeating: 0, count: campaigns.count), count: months.count)
        for (campaignIndex, total) in SyntheticModel.counts(total: total).enumerated() {
            let campaign = campaigns[campaignIndex]
            let weights = months.map { month -> Double in
                let days = IncidentDrawer.days(of: month).filter { $0 >= campaign.start && $0 <= campaign.end }
                return Double(days.filter { schedule.isWorkingDay($0) }.count) + (days.isEmpty ? 0 : 0.5)
            }
            let sum = weights.reduce(0, +)
            guard sum > 0 else { continue }
            let shares = weights.map { Double(total) * $0 / sum }
            var allocated = shares.map { Int($0.rounded(.down)) }
            let remainders = shares.enumerated().map { ($0.offset, $0.element - Double(allocated[$0.offset])) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            for (index, _) in remainders.prefix(total - allocated.reduce(0, +)) { allocated[index] += 1 }
            for (monthIndex, count) in allocated.enumerated() { counts[monthIndex][campaignIndex] = count }
        }
        self.counts = counts
    }
}
