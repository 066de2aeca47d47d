/// The whole numbers of a column (`int`, and instants, dates and durations as numbers): each
/// row's number and, apart, whether it has one — 9 bytes a row where an optional takes 16,
/// and a scan reads the numbers as one dense array. The snapshot file stores them the same way.
struct IntegerValues: Sendable {
    /// Each row's number; 0 where it has none.
    private(set) var numbers: [Int64] = []
    /// 1 where the row has a number, 0 where it has none (never another byte: a snapshot's are
    /// checked as it is read).
    private(set) var present: [UInt8] = []

    init() {}

    /// Numbers and presence flags read from a snapshot (of equal length: the caller checks).
    init(numbers: [Int64], present: [UInt8]) {
        self.numbers = numbers
        self.present = present
    }

    var count: Int { numbers.count }
    var isEmpty: Bool { numbers.isEmpty }

    subscript(row: Int) -> Int64? {
        present[row] != 0 ? numbers[row] : nil
    }

    mutating func append(_ number: Int64?) {
        numbers.append(number ?? 0)
        present.append(number == nil ? 0 : 1)
    }

    /// Makes room for `rows` rows in all.
    mutating func reserveCapacity(_ rows: Int) {
        numbers.reserveCapacity(rows)
        present.reserveCapacity(rows)
    }

    mutating func append(contentsOf other: IntegerValues) {
        numbers.append(contentsOf: other.numbers)
        present.append(contentsOf: other.present)
    }

    /// Calls `body` with the numbers in place.
    func withStored<Result>(_ body: (StoredIntegers) -> Result) -> Result {
        numbers.withUnsafeBufferPointer { numbers in
            present.withUnsafeBufferPointer { present in body(StoredIntegers(numbers: numbers, present: present)) }
        }
    }
}

/// The whole numbers of a column read in place, by row (``PropertyReader/withIntegers(_:)``):
/// valid only inside the call that gives it.
public struct StoredIntegers {
    @usableFromInline let numbers: UnsafeBufferPointer<Int64>
    @usableFromInline let present: UnsafeBufferPointer<UInt8>

    init(numbers: UnsafeBufferPointer<Int64>, present: UnsafeBufferPointer<UInt8>) {
        self.numbers = numbers
        self.present = present
    }

    /// Whether the column holds no numbers (it is of another type, or has no rows).
    @inlinable public var isEmpty: Bool { numbers.isEmpty }

    /// The number of a row; nil when it has none.
    @inlinable public subscript(row: Int) -> Int64? {
        present[row] != 0 ? numbers[row] : nil
    }

    /// What is stored for a row's number, also when it has none (then any number): read with
    /// ``presence(at:)`` by loops that take no branch per row.
    @inlinable public func storedNumber(at row: Int) -> Int64 { numbers[row] }

    /// 1 when a row has a number, 0 when not.
    @inlinable public func presence(at row: Int) -> UInt8 { present[row] != 0 ? 1 : 0 }

    /// Calls `body` with what is stored for the rows `rows` (their numbers, any number where
    /// there is none) and their presences (1 or 0, as ``presence(at:)`` gives them), read in
    /// place; false, and `body` not called, when the column holds no numbers.
    public func withRows(_ rows: Range<Int>, _ body: (UnsafeBufferPointer<Int64>, UnsafeBufferPointer<UInt8>) -> Void)
        -> Bool
    {
        guard !isEmpty else { return false }
        body(UnsafeBufferPointer(rebasing: numbers[rows]), UnsafeBufferPointer(rebasing: present[rows]))
        return true
    }

    /// What is stored for the rows `rows` (their numbers, any number where there is none) and
    /// their presences (1 or 0, as ``presence(at:)`` gives them), copied whole.
    public func copy(of rows: Range<Int>) -> (numbers: [Int64], presences: [UInt8]) {
        (Array(UnsafeBufferPointer(rebasing: numbers[rows])), Array(UnsafeBufferPointer(rebasing: present[rows])))
    }
}
