import Foundation
import IncidentGraph
import Synchronization

/// Local calendar fields of instants in IANA time zones, with the zones looked up once per
/// process and kept for each statement: one statement runs on one thread, so its cache needs
/// no lock on every row.
final class ZoneCache {
    private var zones: [String: TimeZone] = [:]
    private var fixedOffsets: [String: (offset: Int, since: Int64)] = [:]

    /// The zone with an IANA name, `UTC` when `name` is nil; `nil` for an unknown name.
    func zone(_ name: String?) -> TimeZone? {
        let name = name ?? "UTC"
        if let known = zones[name] { return known }
        guard let (zone, fixedOffset) = Self.shared(name) else { return nil }
        zones[name] = zone
        // By the zone's own identifier, which it is looked up by: Foundation names `UTC` `GMT`.
        fixedOffsets[zone.identifier] = fixedOffset
        return zone
    }

    /// Zones by the names asked for, with their constant offsets (``fixedOffset(of:)``), kept
    /// for the whole process: a statement has a cache of its own, but working a zone's offset
    /// out reads its transitions since 1900, which costs more than a small statement.
    private static let known = Mutex<[String: (zone: TimeZone, fixedOffset: (offset: Int, since: Int64)?)]>([:])

    /// The zone with an IANA name and its constant offset, worked out once per process; nil
    /// for an unknown name.
    private static func shared(_ name: String) -> (zone: TimeZone, fixedOffset: (offset: Int, since: Int64)?)? {
        if let entry = known.withLock({ $0[name] }) { return entry }
        guard let zone = TimeZone(identifier: name) else { return nil }
        let entry = (zone: zone, fixedOffset: fixedOffset(of: zone))
        known.withLock { $0[name] = entry }
        return entry
    }

    /// The constant offset of a zone and the instant from which it holds, if it has one.
    func fixedOffset(_ zone: TimeZone) -> (offset: Int, since: Int64)? {
        fixedOffsets[zone.identifier]
    }

    /// The local date and milliseconds into the day of an instant in a zone.
    func local(_ instant: Instant, in zone: TimeZone) -> (day: Day, millisecond: Int64) {
        let offset = offsetSeconds(instant, zone)
        let local = Instant(millisecondsSinceEpoch: instant.millisecondsSinceEpoch + Int64(offset) * 1000)
        return (local.day, local.millisecondOfDay)
    }

    private func offsetSeconds(_ instant: Instant, _ zone: TimeZone) -> Int {
        if let fixed = fixedOffsets[zone.identifier], instant.millisecondsSinceEpoch >= fixed.since {
            return fixed.offset
        }
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
    }

    /// A zone's offset when it no longer changes (Asia/Shanghai since 1991, Asia/Tokyo since 1951),
    /// and from when; `nil` for zones with daylight saving or future changes.
    private static func fixedOffset(of zone: TimeZone) -> (offset: Int, since: Int64)? {
        var last = Date(timeIntervalSince1970: -2_208_988_800)  // 1900
        while let next = zone.nextDaylightSavingTimeTransition(after: last) {
            if next.timeIntervalSince1970 > 4_102_444_800 { return nil }  // still changing after 2100
            last = next
        }
        let offset = zone.secondsFromGMT(for: last.addingTimeInterval(86_400))
        // Some offset changes are not daylight saving (Asia/Pyongyang in 2015 and 2018): check.
        for year in stride(from: 1950.0, through: 2040.0, by: 0.5) {
            let date = Date(timeIntervalSince1970: (year - 1970) * 31_556_952)
            if date > last, zone.secondsFromGMT(for: date) != offset { return nil }
        }
        return (offset, Int64(last.timeIntervalSince1970 * 1000) + 1)
    }
}
