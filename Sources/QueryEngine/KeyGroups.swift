/// The groups of one key's codes met so far (nil: null), for grouping by one key
/// (``GroupAssignment/assign(_:byColumns:filter:context:)``).
protocol KeyGroups {
    /// The group of `code`; ``GroupAssignment/leftOut`` when it has none yet.
    func group(of code: Int64?) -> Int32
    /// Files `code`, which has no group yet, under `group`.
    mutating func add(_ code: Int64?, group: Int32)
}

/// The groups of a whole-number key (`by files_exfiltrated`, `by year(ts)`, `by ts`), found by
/// the number (``NumberGroups``), and the group of null.
struct WholeNumberGroups: KeyGroups {
    private var numbers: NumberGroups
    private var null = GroupAssignment.leftOut

    init(_ numbers: NumberGroups) {
        self.numbers = numbers
    }

    func group(of code: Int64?) -> Int32 {
        code.map { numbers[$0] } ?? null
    }

    mutating func add(_ code: Int64?, group: Int32) {
        if let code { numbers.add(code, group: group) } else { null = group }
    }
}

/// The groups of a key numbered from 0 (`by vector`, `by is_lure`, `by kind`, `by actor`), found
/// in an array by the code, with one slot more for null; a code past the array (none is
/// expected) in a dictionary.
struct CodeGroups: KeyGroups {
    private var slots: [Int32]
    private var others: [Int64: Int32] = [:]
    private let nullSlot: Int

    /// Groups of the codes `0..<codes`, and of null.
    init(codes: Int) {
        nullSlot = codes
        slots = [Int32](repeating: GroupAssignment.leftOut, count: codes + 1)
    }

    func group(of code: Int64?) -> Int32 {
        guard let code else { return slots[nullSlot] }
        return UInt64(bitPattern: code) < UInt64(nullSlot)
            ? slots[Int(code)] : others[code] ?? GroupAssignment.leftOut
    }

    mutating func add(_ code: Int64?, group: Int32) {
        guard let code else {
            slots[nullSlot] = group
            return
        }
        if UInt64(bitPattern: code) < UInt64(nullSlot) { slots[Int(code)] = group } else { others[code] = group }
    }
}
