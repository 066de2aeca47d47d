/// A point in time in UTC with millisecond precision (`2023-06-01T09:30:00Z`).
///
/// Stored as an integer so that time indexes sort and compare without Foundation.
public struct Instant: Hashable, Comparable, Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSinceEpoch: Int64

    static let millisecondsPerDay: Int64 = 86_400_000

    /// An instant from milliseconds since the epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The UTC day this instant falls on.
    public var day: Day {
        Day(daysSinceEpoch: Int32(CivilCalendar.floorDivide(millisecondsSinceEpoch, Self.millisecondsPerDay)))
    }

    /// Milliseconds since the start of its UTC day.
    public var millisecondOfDay: Int64 {
        millisecondsSinceEpoch - Int64(day.daysSinceEpoch) * Self.millisecondsPerDay
    }

    /// Parses ISO 8601 date-times: `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM`
    /// (a space may stand for the `T`).
    ///
    /// A time without a zone is refused: an instant must say which clock it was read from.
    public init?(iso8601 text: String) {
        var text = text
        guard let milliseconds = text.withUTF8({ Self.parse(ISO8601Scanner(bytes: $0)) }) else { return nil }
        self.init(millisecondsSinceEpoch: milliseconds)
    }

    /// Parses the UTF-8 bytes of an ISO 8601 date-time, as the initializer from a `String` does
    /// (a file reader parses values where they lie, without making strings of them).
    package init?(iso8601 bytes: UnsafeBufferPointer<UInt8>) {
        guard let milliseconds = Self.parseInUTC(bytes) ?? Self.parse(ISO8601Scanner(bytes: bytes)) else { return nil }
        self.init(millisecondsSinceEpoch: milliseconds)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the form of nearly every instant a large file holds, read at its
    /// fixed places in one pass: nil for any other bytes (the scanner then reads them, and
    /// refuses them when this form with a field out of range is all they are).
    private static func parseInUTC(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z")
        else { return nil }
        var valid = true
        func field(_ start: Int, _ count: Int) -> Int {
            var value = 0
            for position in start..<start + count {
                let digit = bytes[position] &- UInt8(ascii: "0")
                valid = valid && digit < 10
                value = value &* 10 &+ Int(digit)
            }
            return value
        }
        let (year, month, dayOfMonth) = (field(0, 4), field(5, 2), field(8, 2))
        let (hours, minutes, seconds) = (field(11, 2), field(14, 2), field(17, 2))
        guard valid, hours < 24, minutes < 60, seconds < 60,
            let day = Day(year: year, month: month, day: dayOfMonth)
        else { return nil }
        return Int64(day.daysSinceEpoch) * millisecondsPerDay + Int64(((hours * 60 + minutes) * 60 + seconds) * 1000)
    }

    private static func parse(_ start: ISO8601Scanner) -> Int64? {
        var scanner = start
        guard let year = scanner.number(digits: 4), scanner.skip("-"), let month = scanner.number(digits: 2),
            scanner.skip("-"),
            let dayOfMonth = scanner.number(digits: 2), let day = Day(year: year, month: month, day: dayOfMonth),
            scanner.skip("T") || scanner.skip(" "),
            let hours = scanner.number(digits: 2), hours < 24, scanner.skip(":"),
            let minutes = scanner.number(digits: 2), minutes < 60
        else { return nil }
        var milliseconds = Int64((hours * 60 + minutes) * 60_000)
        if scanner.skip(":") {
            guard let seconds = scanner.number(digits: 2), seconds < 60 else { return nil }
            milliseconds += Int64(seconds * 1000)
            if scanner.skip(".") {
                var scale = 100
                var digits = 0
                while let digit = scanner.number(digits: 1) {
                    guard digits < 3 else { return nil }
                    milliseconds += Int64(digit * scale)
                    scale /= 10
                    digits += 1
                }
                guard digits > 0 else { return nil }
            }
        }
        var offsetMinutes = 0
        if !scanner.skip("Z") {
            let sign = scanner.skip("+") ? 1 : scanner.skip("-") ? -1 : 0
            guard sign != 0, let zoneHours = scanner.number(digits: 2), zoneHours < 24, scanner.skip(":"),
                let zoneMinutes = scanner.number(digits: 2), zoneMinutes < 60
            else { return nil }
            offsetMinutes = sign * (zoneHours * 60 + zoneMinutes)
        }
        guard scanner.atEnd else { return nil }
        return Int64(day.daysSinceEpoch) * millisecondsPerDay + milliseconds - Int64(offsetMinutes) * 60_000
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, with `.fff` only when the instant has milliseconds.
    public var iso8601: String {
        let ms = millisecondOfDay
        let seconds = ms / 1000
        var text = "\(day.iso8601)T\(Day.pad(Int(seconds / 3600), 2)):\(Day.pad(Int(seconds / 60 % 60), 2))"
        text += ":\(Day.pad(Int(seconds % 60), 2))"
        if ms % 1000 != 0 { text += ".\(Day.pad(Int(ms % 1000), 3))" }
        return text + "Z"
    }

    /// Orders by position in time or in the graph.
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}

/// Reads fixed-width ISO 8601 fields from UTF-8 bytes.
private struct ISO8601Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { position == bytes.count }

    /// Skips `character` if it is next.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    /// Reads exactly `digits` decimal digits.
    mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<digits {
            let byte = bytes[position + offset]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        position += digits
        return value
    }
}
