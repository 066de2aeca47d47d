/// The provenance of each node of a kind, or of each edge: every distinct provenance stored
/// once and a number per row pointing at it — 4 bytes a row instead of a 24-byte record, as the
/// snapshot file stores it. A million synthetic incidents share one record.
struct ProvenanceColumn: Sendable {
    /// For each row, the position of its provenance in `distinct`.
    private(set) var numbers: [UInt32] = []
    /// Each distinct provenance, in order of first appearance.
    private(set) var distinct: [Provenance] = []
    private var positions: [Provenance: UInt32] = [:]
    /// The number appended last, with its record's origin and status and whether it cites no
    /// sources: runs of one provenance are the rule, so it is compared first — without copying
    /// or comparing lists of sources when neither cites any.
    private var last: (number: UInt32, origin: Provenance.Origin, status: Provenance.Status?, unsourced: Bool)?

    /// An empty column.
    init() {}

    /// A column as stored; nil when a number points past `distinct`.
    init?(numbers: [UInt32], distinct: [Provenance]) {
        guard numbers.allSatisfy({ Int($0) < distinct.count }) else { return nil }
        self.numbers = numbers
        self.distinct = distinct
        for (position, provenance) in distinct.enumerated() where positions[provenance] == nil {
            positions[provenance] = UInt32(position)
        }
    }

    var count: Int { numbers.count }

    /// The provenance of a row.
    subscript(row: Int) -> Provenance {
        distinct[Int(numbers[row])]
    }

    /// The origin of a row, without copying its sources.
    func origin(at row: Int) -> Provenance.Origin {
        distinct[Int(numbers[row])].origin
    }

    mutating func append(_ provenance: Provenance) {
        numbers.append(number(of: provenance))
    }

    /// Appends a row whose provenance is this column's record `number` (``number(of:)``).
    mutating func append(number: UInt32) {
        numbers.append(number)
    }

    /// Makes room for `rows` rows in all.
    mutating func reserveCapacity(_ rows: Int) {
        numbers.reserveCapacity(rows)
    }

    mutating func append(contentsOf other: ProvenanceColumn) {
        numbers.append(contentsOf: renumbering(other))
    }

    /// Another column's rows as numbers of this column's records, adding the records it lacks
    /// (one table of records for a whole snapshot).
    mutating func renumbering(_ other: ProvenanceColumn) -> [UInt32] {
        let renumbered = other.distinct.map { number(of: $0) }
        return other.numbers.map { renumbered[Int($0)] }
    }

    /// The number of a provenance, added to `distinct` when new.
    mutating func number(of provenance: Provenance) -> UInt32 {
        if let last, provenance.origin == last.origin, provenance.status == last.status,
            last.unsourced ? provenance.sources.isEmpty : distinct[Int(last.number)] == provenance
        {
            return last.number
        }
        let number = positions[provenance] ?? UInt32(distinct.count)
        if number == UInt32(distinct.count) {
            distinct.append(provenance)
            positions[provenance] = number
        }
        last = (number, provenance.origin, provenance.status, provenance.sources.isEmpty)
        return number
    }
}
