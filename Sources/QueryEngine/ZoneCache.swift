import Foundation
import IncidentGraph

/// Local calendar fields of instants in IANA time zones, with the zones looked up once.
final class ZoneCache: @unchecked Sendable {
    private var zones: [String: TimeZone] = [:]
    private let lock = NSLock()

    /// The zone with an IANA name, `UTC` when `name` is nil; `nil` for an unknown name.
    func zone(_ name: String?) -> TimeZone? {
        guard let name else { return TimeZone(identifier: "UTC") }
        lock.lock()
        defer { lock.unlock() }
        if let known = zones[name] { return known }
        guard let zone = TimeZone(identifier: name) else { return nil }
        zones[name] = zone
        return zone
    }

    /// The local date and milliseconds into the day of an instant in a zone.
    func local(_ instant: Instant, in zone: TimeZone) -> (day: Day, millisecond: Int64) {
        let offset = zone.secondsFromGMT(
            for: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
        let local = Instant(millisecondsSinceEpoch: instant.millisecondsSinceEpoch + Int64(offset) * 1000)
        return (local.day, local.millisecondOfDay)
    }
}
