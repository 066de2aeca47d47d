import Foundation
import PluginAPI

/// `discover phases [k]`: splits the timeline into k contiguous periods whose target-sector mix
/// is most homogeneous, by dynamic programming over monthly sector counts, so an analyst can
/// test whether the reported phasing is what the data says.
///
/// A period's cost is the multinomial log-loss of its months' sector counts under the period's
/// own sector shares; the split minimises the total. Months without incidents join whichever
/// period costs least; a period's dates are those of its first and last months with incidents.
struct PhaseDiscovery {
    /// One period found.
    struct Period: Sendable, Equatable {
        /// First month with incidents (first day).
        let start: Day
        /// Last month with incidents (last day).
        let end: Day
        /// Incidents in it.
        let incidents: Int
        /// Sector counts, largest first.
        let sectors: [(sector: String, count: Int)]

        static func == (a: Period, b: Period) -> Bool {
            a.start == b.start && a.end == b.end && a.incidents == b.incidents
                && a.sectors.elementsEqual(b.sectors) { $0 == $1 }
        }
    }

    /// Months (as year·12 + month − 1) and their sector counts, from the evidence of incidents.
    private let firstMonth: Int
    private let counts: [[String: Int]]

    init(evidence: [IncidentEvidence]) {
        let dated = evidence.compactMap { item in
            item.day.map { (month: Self.month(of: $0), sector: item.sector ?? "unknown") }
        }
        let months = dated.map(\.month)
        firstMonth = months.min() ?? 0
        var counts = Array(repeating: [String: Int](), count: (months.max() ?? -1) - firstMonth + 1)
        for item in dated { counts[item.month - firstMonth][item.sector, default: 0] += 1 }
        self.counts = counts
    }

    /// Months spanned, first to last incident.
    var monthCount: Int { counts.count }

    /// The best split into `k` periods (fewer when there are fewer months with incidents).
    func periods(_ k: Int, cancellation: CancellationCheck) throws(PluginError) -> [Period] {
        let active = counts.indices.filter { !counts[$0].isEmpty }
        guard !active.isEmpty else { return [] }
        let k = min(k, active.count)
        // Segments are runs of active months; cost[i][j] covers active[i...j].
        let n = active.count
        var cost = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for i in 0..<n {
            if cancellation.isCancelled { throw .cancelled }
            var merged: [String: Int] = [:]
            for j in i..<n {
                merged.merge(counts[active[j]]) { $0 + $1 }
                cost[i][j] = Self.logLoss(merged)
            }
        }
        // best[p][j]: least cost of splitting active[0...j] into p + 1 periods.
        var best = Array(repeating: Array(repeating: Double.infinity, count: n), count: k)
        var cut = Array(repeating: Array(repeating: 0, count: n), count: k)
        for j in 0..<n { best[0][j] = cost[0][j] }
        for p in 1..<max(k, 1) {
            for j in p..<n {
                for i in p...j where best[p - 1][i - 1] + cost[i][j] < best[p][j] - 1e-9 {
                    best[p][j] = best[p - 1][i - 1] + cost[i][j]
                    cut[p][j] = i
                }
            }
        }
        var bounds: [(Int, Int)] = []
        var end = n - 1
        for p in stride(from: k - 1, through: 0, by: -1) {
            let start = p == 0 ? 0 : cut[p][end]
            bounds.insert((start, end), at: 0)
            end = start - 1
        }
        return bounds.map { start, end in period(active[start], active[end]) }
    }

    private func period(_ first: Int, _ last: Int) -> Period {
        var merged: [String: Int] = [:]
        for month in first...last { merged.merge(counts[month]) { $0 + $1 } }
        let sectors = merged.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let (startYear, startMonth) = Self.yearMonth(firstMonth + first)
        let (endYear, endMonth) = Self.yearMonth(firstMonth + last + 1)
        let start = Day(year: startYear, month: startMonth, day: 1) ?? Day(daysSinceEpoch: 0)
        let nextMonth = Day(year: endYear, month: endMonth, day: 1) ?? start
        return Period(
            start: start, end: Day(daysSinceEpoch: nextMonth.daysSinceEpoch - 1), incidents: merged.values.reduce(0, +),
            sectors: sectors.map { ($0.key, $0.value) })
    }

    /// −Σ n·log(n / N): the multinomial log-loss of counts under their own shares.
    private static func logLoss(_ counts: [String: Int]) -> Double {
        let total = Double(counts.values.reduce(0, +))
        return counts.values.reduce(0.0) { sum, count in
            let n = Double(count)
            return sum - n * log(n / total)
        }
    }

    static func month(of day: Day) -> Int {
        let (year, month, _) = day.components
        return year * 12 + month - 1
    }

    private static func yearMonth(_ index: Int) -> (Int, Int) {
        (index / 12, index % 12 + 1)
    }
}
