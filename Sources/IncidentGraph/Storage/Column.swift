/// The values of one property for every node of a kind, stored in a typed array.
///
/// Columnar storage keeps a million incidents compact: an `instant` column is an array of
/// integers, not of enum boxes, and a scan over one property touches only that array.
/// Only the array matching `type` is ever filled; the others stay empty.
package struct Column: Sendable {
    /// The declared type of the property.
    let type: ValueType
    private(set) var bools: [Bool?] = []
    /// Integers, instants (milliseconds), dates (days) and durations (seconds).
    private(set) var integers = IntegerValues()
    private(set) var doubles: [Double?] = []
    private(set) var strings = TextValues()
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
        self.strings = TextValues(strings)
        self.lists = lists
    }

    /// Appends a value already checked against the column's type (`null` for a missing one).
    package mutating func append(_ value: Value) {
        switch (type, value) {
        case (.bool, .bool(let flag)): append(bool: flag)
        case (.int, .int(let number)): append(integer: Int64(number))
        case (.instant, .instant(let instant)): append(integer: instant.millisecondsSinceEpoch)
        case (.date, .date(let day)): append(integer: Int64(day.daysSinceEpoch))
        case (.duration, .duration(let span)): append(integer: span.seconds)
        case (.double, .double(let number)): append(double: number)
        case (.double, .int(let number)): append(double: Double(number))
        case (.string, .string(let text)): append(string: text)
        case (.list, .list(let elements)): lists.append(elements)
        default: appendNull()
        }
    }

    /// Appends a `bool` column's value.
    mutating func append(bool: Bool) { bools.append(bool) }
    /// Appends the stored number of an `int`, `instant`, `date` or `duration` column's value
    /// (``Instant/millisecondsSinceEpoch``, ``Day/daysSinceEpoch``, ``TimeSpan/seconds``).
    mutating func append(integer: Int64) { integers.append(integer) }
    /// Appends a `double` column's value.
    mutating func append(double: Double) { doubles.append(double) }
    /// Appends a `string` column's value.
    package mutating func append(string: String) { strings.append(string) }

    /// Appends a missing value.
    package mutating func appendNull() {
        switch type {
        case .bool: bools.append(nil)
        case .int, .instant, .date, .duration: integers.append(nil)
        case .double: doubles.append(nil)
        case .string, .node: strings.appendNull()  // schemas never declare node properties
        case .list: lists.append(nil)
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

    /// Appends the rows of a column of the same type, moving its texts out
    /// (``TextValues/append(moving:)``).
    mutating func append(moving other: inout Column) {
        bools.append(contentsOf: other.bools)
        integers.append(contentsOf: other.integers)
        doubles.append(contentsOf: other.doubles)
        strings.append(moving: &other.strings)
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
