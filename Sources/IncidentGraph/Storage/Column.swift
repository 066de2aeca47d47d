/// The values of one property for every node of a kind, stored in a typed array.
///
/// Columnar storage keeps a million incidents compact: an `instant` column is an array of
/// integers, not of enum boxes, and a scan over one property touches only that array.
/// Only the array matching `type` is ever filled; the others stay empty.
struct Column: Sendable {
    /// The declared type of the property.
    let type: ValueType
    private(set) var bools: [Bool?] = []
    /// Integers, instants (milliseconds), dates (days) and durations (seconds).
    private(set) var integers = IntegerValues()
    private(set) var doubles: [Double?] = []
    private(set) var strings: [String?] = []
    private(set) var lists: [[Value]?] = []

    /// An empty column for a declared type.
    init(type: ValueType) {
        self.type = type
    }

    /// A column of stored values (from a snapshot): only the array of its type is filled.
    init(
        type: ValueType, bools: [Bool?] = [], integers: IntegerValues = IntegerValues(), doubles: [Double?] = [],
        strings: [String?] = [], lists: [[Value]?] = []
    ) {
        self.type = type
        self.bools = bools
        self.integers = integers
        self.doubles = doubles
        self.strings = strings
        self.lists = lists
    }

    /// Appends a value already checked against the column's type (`null` for a missing one).
    mutating func append(_ value: Value) {
        switch type {
        case .bool:
            if case .bool(let flag) = value { bools.append(flag) } else { bools.append(nil) }
        case .int:
            if case .int(let number) = value { integers.append(Int64(number)) } else { integers.append(nil) }
        case .instant:
            if case .instant(let instant) = value {
                integers.append(instant.millisecondsSinceEpoch)
            } else {
                integers.append(nil)
            }
        case .date:
            if case .date(let day) = value { integers.append(Int64(day.daysSinceEpoch)) } else { integers.append(nil) }
        case .duration:
            if case .duration(let span) = value { integers.append(span.seconds) } else { integers.append(nil) }
        case .double:
            switch value {
            case .double(let number): doubles.append(number)
            case .int(let number): doubles.append(Double(number))
            default: doubles.append(nil)
            }
        case .string:
            if case .string(let text) = value { strings.append(text) } else { strings.append(nil) }
        case .list:
            if case .list(let elements) = value { lists.append(elements) } else { lists.append(nil) }
        case .node:
            strings.append(nil)  // schemas never declare node properties
        }
    }

    /// Makes room for `rows` rows in all.
    mutating func reserveCapacity(_ rows: Int) {
        switch type {
        case .bool: bools.reserveCapacity(rows)
        case .int, .instant, .date, .duration: integers.reserveCapacity(rows)
        case .double: doubles.reserveCapacity(rows)
        case .string, .node: strings.reserveCapacity(rows)
        case .list: lists.reserveCapacity(rows)
        }
    }

    /// Appends the rows of a column of the same type.
    mutating func append(contentsOf other: Column) {
        bools.append(contentsOf: other.bools)
        integers.append(contentsOf: other.integers)
        doubles.append(contentsOf: other.doubles)
        strings.append(contentsOf: other.strings)
        lists.append(contentsOf: other.lists)
    }

    /// The value at a row, `null` when absent.
    subscript(row: Int) -> Value {
        switch type {
        case .bool: bools[row].map(Value.bool) ?? .null
        case .int: integers[row].map { .int(Int($0)) } ?? .null
        case .instant: integers[row].map { .instant(Instant(millisecondsSinceEpoch: $0)) } ?? .null
        case .date: integers[row].map { .date(Day(daysSinceEpoch: Int32($0))) } ?? .null
        case .duration: integers[row].map { .duration(TimeSpan(seconds: $0)) } ?? .null
        case .double: doubles[row].map(Value.double) ?? .null
        case .string: strings[row].map(Value.string) ?? .null
        case .list: lists[row].map(Value.list) ?? .null
        case .node: .null
        }
    }

    /// Number of rows.
    var count: Int {
        switch type {
        case .bool: bools.count
        case .int, .instant, .date, .duration: integers.count
        case .double: doubles.count
        case .string, .node: strings.count
        case .list: lists.count
        }
    }

    /// Milliseconds since the epoch per row, for the time index of an `instant` column.
    var instantMilliseconds: IntegerValues {
        type == .instant ? integers : IntegerValues()
    }
}
