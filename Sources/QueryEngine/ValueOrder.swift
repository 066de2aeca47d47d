import Foundation
import IncidentGraph
import QuerySyntax

/// How values compare: numbers numerically (integers with decimals), strings by Unicode
/// scalars, instants and dates in time (a date is the instant its UTC day starts), nodes by id.
/// Values of unrelated types do not compare (`nil`), and neither does `null`.
enum ValueOrder {
    static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return order(x, y)
        case (.double(let x), .double(let y)): return order(x, y)
        case (.int(let x), .double(let y)): return order(Double(x), y)
        case (.double(let x), .int(let y)): return order(x, Double(y))
        case (.string(let x), .string(let y)):
            return scalarOrder(x, y)
        case (.bool(let x), .bool(let y)): return order(x ? 1 : 0, y ? 1 : 0)
        case (.instant(let x), .instant(let y)): return order(x.millisecondsSinceEpoch, y.millisecondsSinceEpoch)
        case (.date(let x), .date(let y)): return order(x.daysSinceEpoch, y.daysSinceEpoch)
        case (.instant(let x), .date(let y)):
            return order(x.millisecondsSinceEpoch, Int64(y.daysSinceEpoch) * 86_400_000)
        case (.date(let x), .instant(let y)):
            return order(Int64(x.daysSinceEpoch) * 86_400_000, y.millisecondsSinceEpoch)
        case (.duration(let x), .duration(let y)): return order(x.seconds, y.seconds)
        case (.node(let x), .node(let y)):
            return x.node == y.node
                ? 0 : scalarOrder(x.id, y.id)
        default: return nil
        }
    }

    /// Whether the comparison `op` holds for two values that compare as `order` (``compare(_:_:)``:
    /// negative, zero or positive).
    static func holds(_ op: BinaryOperator, order: Int) -> Bool {
        switch op {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        default: order >= 0
        }
    }

    /// Whether two values are equal: compare equal, or are equal lists.
    static func equal(_ a: Value, _ b: Value) -> Bool? {
        if case .list(let x) = a, case .list(let y) = b {
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) == true }
        }
        if a.isNull || b.isNull { return nil }
        // A node equals the text of its id, so `target.sector in ["media", "academia"]` reads naturally.
        if case .node(let node) = a, case .string(let text) = b { return node.id == text }
        if case .string(let text) = a, case .node(let node) = b { return node.id == text }
        return compare(a, b).map { $0 == 0 }
    }

    /// A total order for sorting and grouping: nulls last, then by type, then by value.
    static func sortOrder(_ a: Value, _ b: Value) -> Int {
        if let result = compare(a, b) { return result }
        return order(rank(a), rank(b)) == 0 ? order(a.displayText, b.displayText) : order(rank(a), rank(b))
    }

    private static func rank(_ value: Value) -> Int {
        switch value {
        case .bool: 0
        case .int, .double: 1
        case .string: 2
        case .date, .instant: 3
        case .duration: 4
        case .node: 5
        case .list: 6
        case .null: 7
        }
    }

    private static func order<T: Comparable>(_ x: T, _ y: T) -> Int {
        x < y ? -1 : x > y ? 1 : 0
    }

    /// Text by Unicode scalar values, without allocating: UTF-8 orders its bytes as the scalars
    /// they encode, so the bytes are compared.
    private static func scalarOrder(_ x: String, _ y: String) -> Int {
        var (x, y) = (x, y)
        return x.withUTF8 { a in
            y.withUTF8 { b in
                let shared = min(a.count, b.count)
                if shared > 0, let first = a.baseAddress, let second = b.baseAddress {
                    let result = memcmp(first, second, shared)
                    if result != 0 { return result < 0 ? -1 : 1 }
                }
                return order(a.count, b.count)
            }
        }
    }
}
