/// The group of each whole number met so far, for a key of one whole-number part (`count by
/// files_exfiltrated`, `by year(ts)`, `by ts`): found in an array over the span of the numbers
/// while that span stays within `mostSlots`, then in an open-addressing table of the numbers:
/// no `Value` made or hashed per row, nothing allocated per row.
struct NumberGroups {
    /// The group of the number `base + i` at slot `i`, ``GroupAssignment/leftOut`` for none.
    private var dense: [Int32] = []
    private var base: Int64 = 0
    /// Once the numbers spread too far for `dense`: each slot's number and its group side by
    /// side, read together (``GroupAssignment/leftOut`` marks an empty slot); a number's first
    /// slot is its hash.
    private var filed: [(number: Int64, group: Int32)] = []
    private var held = 0
    /// The widest `dense` may grow.
    private let mostSlots: Int

    /// An empty map whose array holds at most `mostSlots` slots.
    init(mostSlots: Int) {
        self.mostSlots = mostSlots
    }

    /// The group of `number`; ``GroupAssignment/leftOut`` when it has none yet.
    subscript(number: Int64) -> Int32 {
        if let slot = denseSlot(number) { return dense[slot] }
        guard !filed.isEmpty else { return GroupAssignment.leftOut }
        return filed[hashedSlot(number)].group
    }

    /// Files `number` (which has no group yet) under `group`.
    mutating func add(_ number: Int64, group: Int32) {
        if filed.isEmpty, denseSlot(number) == nil, !widen(toTake: number) { hashAll() }
        if let slot = denseSlot(number) {
            dense[slot] = group
            return
        }
        if (held + 1) * 2 > filed.count { rehash(slots: 2 * filed.count) }
        filed[hashedSlot(number)] = (number, group)
        held += 1
    }

    /// The slot of `number` in `dense`, when it lies in its span (never once the table is used).
    private func denseSlot(_ number: Int64) -> Int? {
        let (offset, overflow) = number.subtractingReportingOverflow(base)
        return !overflow && offset >= 0 && offset < dense.count ? Int(offset) : nil
    }

    /// Widens `dense` to twice the span from the numbers it holds to `number`, each group kept
    /// at its number's slot; false when that would take more than `mostSlots`.
    private mutating func widen(toTake number: Int64) -> Bool {
        guard !dense.isEmpty else {
            // The first number in the middle: years, hours and counts spread both ways.
            let count = min(1_024, mostSlots)
            let (centred, overflow) = number.subtractingReportingOverflow(Int64(count / 2))
            (dense, base) = ([Int32](repeating: GroupAssignment.leftOut, count: count), overflow ? number : centred)
            return count > 0
        }
        // The numbers it holds lie from `base` to its last slot (or the greatest whole number,
        // when the last slot lies past it).
        let top = base.addingReportingOverflow(Int64(dense.count - 1))
        let (low, high) = (min(base, number), max(top.overflow ? Int64.max : top.partialValue, number))
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span < Int64(mostSlots / 2) else { return false }
        // Room for as many more on the side of `number`, as far as the least number goes.
        let below = number < base ? low.subtractingReportingOverflow(span) : (partialValue: low, overflow: false)
        let newBase = below.overflow ? Int64.min : below.partialValue
        var wider = [Int32](repeating: GroupAssignment.leftOut, count: 2 * Int(span) + 1)
        let shift = Int(base - newBase)
        for (offset, group) in dense.enumerated() where group != GroupAssignment.leftOut {
            wider[shift + offset] = group
        }
        (dense, base) = (wider, newBase)
        return true
    }

    /// Moves every number `dense` holds into the table.
    private mutating func hashAll() {
        let filled = dense.count { $0 != GroupAssignment.leftOut }
        rehash(slots: max(1_024, (4 * filled).nextPowerOfTwo))
        for (offset, group) in dense.enumerated() where group != GroupAssignment.leftOut {
            let number = base &+ Int64(offset)
            filed[hashedSlot(number)] = (number, group)
            held += 1
        }
        dense = []
    }

    /// The table with `count` slots (a power of two), holding what it held.
    private mutating func rehash(slots count: Int) {
        let old = filed
        filed = Array(repeating: (0, GroupAssignment.leftOut), count: count)
        for entry in old where entry.group != GroupAssignment.leftOut { filed[hashedSlot(entry.number)] = entry }
    }

    /// The slot holding `number`, or the empty slot where it goes: linear probing from a
    /// multiplicative hash.
    private func hashedSlot(_ number: Int64) -> Int {
        let mask = filed.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: number) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while filed[slot].group != GroupAssignment.leftOut, filed[slot].number != number { slot = (slot + 1) & mask }
        return slot
    }
}

extension Int {
    /// The least power of two at least this (1 for 0 and below).
    fileprivate var nextPowerOfTwo: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
