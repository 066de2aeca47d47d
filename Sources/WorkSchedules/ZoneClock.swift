import Foundation
import IncidentGraph

/// Converts between UTC instants and local wall-clock time in one IANA time zone, daylight
/// saving included.
public struct ZoneClock: Sendable {
    /// The zone.
    public let zone: TimeZone

    /// A clock for an IANA zone name; `nil` for an unknown name.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.zone = zone
    }

    /// Seconds the zone is ahead of UTC at an instant.
    public func offsetSeconds(at instant: Instant) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
    }

    /// The local day and minute of the day (0 ..< 1440) of an instant.
    public func local(_ instant: Instant) -> (day: Day, minute: Int) {
        let local = Instant(
            millisecondsSinceEpoch: instant.millisecondsSinceEpoch + Int64(offsetSeconds(at: instant)) * 1000)
        return (local.day, Int(local.millisecondOfDay / 60_000))
    }

    /// The instant of a local wall-clock time; in a daylight-saving gap or overlap, the
    /// offset in force just before the change is used.
    public func instant(day: Day, minute: Int) -> Instant {
        let wallClock = Int64(day.daysSinceEpoch) * 86_400_000 + Int64(minute) * 60_000
        let firstGuess = offsetSeconds(at: Instant(millisecondsSinceEpoch: wallClock))
        let offset = offsetSeconds(at: Instant(millisecondsSinceEpoch: wallClock - Int64(firstGuess) * 1000))
        return Instant(millisecondsSinceEpoch: wallClock - Int64(offset) * 1000)
    }
}
