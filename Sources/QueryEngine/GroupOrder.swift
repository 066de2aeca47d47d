import Foundation
import IncidentGraph

/// The order of groups by their key values, worked out once per key column: each group gets
/// the rank of its value among the column's values (equal values, equal ranks; nulls last), so
/// that sorting the groups compares whole numbers, not values. Text and node ids are ranked by
/// comparing their UTF-8 bytes in one buffer (the order of ``ValueOrder``: by Unicode scalars).
struct GroupOrder {
    /// For each key column, the rank of each group's value.
    private let ranks: [[Int32]]
    private let groups: Int
    /// The groups in key order when there is one key column: ranking it sorted them already.
    private let singleColumnOrder: [Int]?

    /// The order of groups with these keys; node keys are ordered by `graph`'s id ranks.
    init(keys: GroupKeys, graph: IncidentGraph) {
        groups = keys.count
        let ranked = (0..<keys.parts).map { Self.ranks(of: keys.column($0), graph: graph) }
        ranks = ranked.map(\.ranks)
        singleColumnOrder = ranked.count == 1 ? ranked.first?.order : nil
    }

    /// Groups in key order.
    func sorted() -> [Int] {
        if let singleColumnOrder { return singleColumnOrder }
        return Self.packedOrder(count: groups, by: ranks.map(Self.rankPart)) ?? (0..<groups).sorted(by: precedes)
    }

    /// Groups by count, largest first, then in key order.
    func sorted(byCount counts: [Int]) -> [Int] {
        let largest = counts.max() ?? 0
        let parts = [(greatest: largest, of: { largest - counts[$0] })] + ranks.map(Self.rankPart)
        return Self.packedOrder(count: groups, by: parts)
            ?? counts.indices.sorted { a, b in counts[a] != counts[b] ? counts[a] > counts[b] : precedes(a, b) }
    }

    /// A column of ranks as a part of a packed order: each group's rank, none below 0.
    private static func rankPart(_ column: [Int32]) -> (greatest: Int, of: (Int) -> Int) {
        (Int(column.max() ?? 0), { Int(column[$0]) })
    }

    /// Items `0..<count` in the order of their parts (whole numbers from 0 to their greatest)
    /// compared in turn, then by position, as a stable sort by them gives: each item's parts and
    /// position packed into one 64-bit number and those sorted, with no function called per
    /// comparison. Nil when they do not fit in 64 bits.
    private static func packedOrder(count: Int, by parts: [(greatest: Int, of: (Int) -> Int)]) -> [Int]? {
        func bits(_ number: Int) -> Int { number <= 0 ? 0 : Int.bitWidth - number.leadingZeroBitCount }
        let positionBits = bits(count - 1)
        let widths = parts.map { bits($0.greatest) }
        guard widths.reduce(positionBits, +) <= 64 else { return nil }
        var packed = [UInt64](repeating: 0, count: count)
        for item in 0..<count {
            var key: UInt64 = 0
            for (part, width) in zip(parts, widths) where width > 0 { key = key << width | UInt64(part.of(item)) }
            packed[item] = positionBits == 0 ? key : key << positionBits | UInt64(item)
        }
        packed.sort()
        let position: UInt64 = positionBits == 0 ? 0 : (1 << positionBits) - 1
        return packed.map { Int($0 & position) }
    }

    /// The first `count` of the groups `candidates` (numbers into `keys`) in key order, in that
    /// order: as ranking them all and taking the first, but when they are many they are picked
    /// out by comparing their keys as they come (``FirstElements``), none ranked, so that a
    /// `take` after a `count by` of a million groups orders a few (equal keys, as `1` and `1.0`,
    /// in group order, as the ranks' stable sort leaves them).
    static func first(_ count: Int, of candidates: [Int], keys: GroupKeys, graph: IncidentGraph) -> [Int] {
        guard candidates.count > 4 * count + 64 else {
            let inKeyOrder = GroupOrder(keys: keys.picking(candidates), graph: graph).sorted()
            return inKeyOrder.prefix(count).map { candidates[$0] }
        }
        let leads = textLeads(of: candidates, keys: keys)
        func precedes(_ a: Int, _ b: Int) -> Bool {
            if let leads, leads[a] != leads[b] { return leads[a] < leads[b] }
            for part in 0..<keys.parts {
                let (x, y) = (keys.value(part, of: a), keys.value(part, of: b))
                if x.isNull != y.isNull { return y.isNull }
                let order = x.isNull ? 0 : ValueOrder.sortOrder(x, y)
                if order != 0 { return order < 0 }
            }
            return a < b
        }
        var first = FirstElements(limit: count, in: OrderBy(firstBefore: precedes))
        for group in candidates {
            if let last = first.last, !precedes(group, last) { continue }
            first.offer(group)
        }
        return first.elements
    }

    /// When every key of `candidates` is one text or null: for each group, its text's first eight
    /// UTF-8 bytes as one number, the first byte highest and the bytes after a shorter text 0, and
    /// null above every text. Texts are ordered by their bytes (``ValueOrder``: by Unicode
    /// scalars, which UTF-8 keeps), so groups whose numbers differ are in their numbers' order,
    /// and only those with equal ones need their keys compared. Nil for any other keys.
    private static func textLeads(of candidates: [Int], keys: GroupKeys) -> [UInt64]? {
        guard keys.parts == 1 else { return nil }
        // A lead byte of UTF-8 is at most F4: no text's number reaches null's.
        let null = UInt64.max
        var leads = [UInt64](repeating: null, count: keys.count)
        for group in candidates {
            switch keys.value(0, of: group) {
            case .null: continue
            case .string(var text):
                leads[group] = text.withUTF8 { bytes in
                    bytes.prefix(8).enumerated().reduce(0) { lead, byte in
                        lead | UInt64(byte.element) << (56 - 8 * byte.offset)
                    }
                }
            default: return nil
            }
        }
        return leads
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        for column in ranks where column[a] != column[b] { return column[a] < column[b] }
        return false
    }

    /// The rank of each value in `values` in ``ValueOrder/sortOrder(_:_:)``, nulls last (ranks
    /// of different values need only keep their order, not be consecutive).
    /// Also the values' positions in that order (equal values in their first order).
    private static func ranks(of values: [Value], graph: IncidentGraph) -> (ranks: [Int32], order: [Int]) {
        let allText = values.allSatisfy { if case .string = $0 { true } else { $0.isNull } }
        let allNodes = values.allSatisfy { if case .node = $0 { true } else { $0.isNull } }
        // Node keys that are a good part of the graph: its id order, made once and kept, instead
        // of sorting their ids here (a few keys on a large graph sort their own ids).
        if allNodes, values.count >= 4096, values.count * 8 >= graph.nodeCount {
            let idRanks = graph.idRanks()
            // Null after every node.
            let null = Int32(graph.nodeCount)
            let ranks = values.map { if case .node(let node) = $0 { idRanks[node.node.index] } else { null } }
            let order =
                packedOrder(count: ranks.count, by: [rankPart(ranks)])
                ?? values.indices.sorted { ranks[$0] < ranks[$1] || (ranks[$0] == ranks[$1] && $0 < $1) }
            return (ranks, order)
        }
        if allText || allNodes { return textRanks(of: values) }
        return ranks(count: values.count) { a, b in
            let (x, y) = (values[a], values[b])
            if x.isNull != y.isNull { return y.isNull ? -1 : 1 }
            return ValueOrder.sortOrder(x, y)
        }
    }

    /// Ranks of texts or node ids (and nulls, last) by their UTF-8 bytes, copied into one buffer.
    private static func textRanks(of values: [Value]) -> (ranks: [Int32], order: [Int]) {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var lengths: [Int] = []
        starts.reserveCapacity(values.count)
        lengths.reserveCapacity(values.count)
        for value in values {
            let start = bytes.count
            switch value {
            case .string(let text): bytes.append(contentsOf: text.utf8)
            case .node(let node): bytes.append(contentsOf: node.id.utf8)
            default: break
            }
            starts.append(start)
            lengths.append(value.isNull ? -1 : bytes.count - start)
        }
        return bytes.withUnsafeBufferPointer { buffer in
            // The first eight bytes of each text as one number: most comparisons end there, as
            // a comparison of two numbers; equal prefixes compare the rest.
            let prefixes = (0..<values.count).map { index in
                UTF8Order.leadingWord(
                    UnsafeBufferPointer(rebasing: buffer[starts[index]..<starts[index] + max(lengths[index], 0)]))
            }
            return ranks(count: values.count) { a, b in
                let (lengthA, lengthB) = (lengths[a], lengths[b])
                if lengthA < 0 || lengthB < 0 { return lengthA < 0 ? (lengthB < 0 ? 0 : 1) : -1 }
                if prefixes[a] != prefixes[b] { return prefixes[a] < prefixes[b] ? -1 : 1 }
                let shared = min(lengthA, lengthB)
                if shared > 8, let base = buffer.baseAddress {
                    let result = memcmp(base + starts[a] + 8, base + starts[b] + 8, shared - 8)
                    if result != 0 { return result < 0 ? -1 : 1 }
                }
                return lengthA < lengthB ? -1 : lengthA > lengthB ? 1 : 0
            }
        }
    }

    /// Ranks of `count` items by `compare` (negative, zero or positive), equal items sharing one,
    /// and the items in that order (equal ones in their first order: the sort is stable).
    private static func ranks(count: Int, by compare: (Int, Int) -> Int) -> (ranks: [Int32], order: [Int]) {
        let order = (0..<count).sorted { compare($0, $1) < 0 }
        var ranks = [Int32](repeating: 0, count: count)
        var rank: Int32 = 0
        for (position, index) in order.enumerated() {
            if position > 0, compare(order[position - 1], index) != 0 { rank += 1 }
            ranks[index] = rank
        }
        return (ranks, order)
    }
}
