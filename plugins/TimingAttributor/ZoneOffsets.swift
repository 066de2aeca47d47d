import Foundation
import PluginAPI
import WorkSchedules

/// A zone's UTC offset for every UTC day of a window, looked up once per day instead of once
/// per timestamp; days on which the offset changes (daylight saving) ask the zone itself.
struct ZoneOffsets {
    private let clock: ZoneClock
    private let firstDay: Int
    /// Offset in seconds at the day's start, or nil when it changes during the day.
    private let offsets: [Int?]

    init(clock: ZoneClock, days: ClosedRange<Int>) {
        self.clock = clock
        firstDay = days.lowerBound
        offsets = days.map { day in
            let start = Instant(millisecondsSinceEpoch: Int64(day) * 86_400_000)
            let end = Instant(millisecondsSinceEpoch: Int64(day + 1) * 86_400_000 - 1)
            let offset = clock.offsetSeconds(at: start)
            return clock.offsetSeconds(at: end) == offset ? offset : nil
        }
    }

    /// Zones with equal keys place every instant of the window at the same local time: they
    /// have the same window, the same offset on every day of it, and days on which it changes
    /// only in the same zone.
    var sameTimeKey: SameTimeKey {
        SameTimeKey(firstDay: firstDay, offsets: offsets, zone: offsets.contains(nil) ? clock.zone.identifier : nil)
    }

    /// What ``sameTimeKey`` compares: the window's first day, the offset of each day, and the
    /// zone when that changes on some day.
    struct SameTimeKey: Hashable {
        let firstDay: Int
        let offsets: [Int?]
        let zone: String?
    }

    /// The zone's UTC offset in seconds at an instant.
    func offsetSeconds(at instant: Instant) -> Int {
        let utcDay = Int(instant.millisecondsSinceEpoch.floorDivided(by: 86_400_000))
        let position = utcDay - firstDay
        return (offsets.indices.contains(position) ? offsets[position] : nil) ?? clock.offsetSeconds(at: instant)
    }

    /// The local day (days since the epoch) and minute of the day of an instant.
    func local(_ instant: Instant) -> (day: Int, minute: Int) {
        let local = instant.millisecondsSinceEpoch + Int64(offsetSeconds(at: instant)) * 1000
        return (Int(local.floorDivided(by: 86_400_000)), Int(local.floorModulo(86_400_000) / 60_000))
    }
}

extension Int64 {
    /// Division rounding towards minus infinity (days before 1970 stay in their day).
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder that goes with ``floorDivided(by:)``: always in 0 ..< divisor.
    func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
