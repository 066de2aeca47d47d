import IncidentGraph
import PluginAPI

/// A result as an exercise grades it: the question is whether it holds the right facts, not
/// how they were laid out. So a node and its name are the same answer (`count by
/// target.sector` and `count by target.sector.name`), text is compared without case (CVE ids
/// are written both ways), numbers to four decimals, and neither the order of rows (unless
/// the task says so) nor the order or names of columns count.
struct AnswerTable {
    /// Each column's cells in canonical text, in the result's row order.
    let columns: [[String]]
    /// Each column's kind of value, as a student would name it.
    let kinds: [String]

    /// The rows of a result, cell by cell in canonical text; `graph` names the nodes.
    init(_ table: Table, in graph: IncidentGraph) {
        let width = table.columns.count
        columns = (0..<width).map { column in table.rows.map { Self.canonical($0[column], in: graph) } }
        kinds = (0..<width).map { column in
            let named = table.rows.compactMap { Self.kind(of: $0[column]) }
            return named.first ?? "nothing"
        }
    }

    private init(columns: [[String]], kinds: [String]) {
        self.columns = columns
        self.kinds = kinds
    }

    var rowCount: Int { columns.first?.count ?? 0 }

    /// What the result looks like, without what it says: `3x2:text,number`.
    var shape: String { "\(rowCount)x\(columns.count):" + kinds.sorted().joined(separator: ",") }

    /// The digest of the result under `salt` (an exercise's own, so that one answer has a
    /// different digest in every exercise): FNV-1a (64 bits) of the cells, the columns in an
    /// order set by their contents and the rows sorted unless `ordered`.
    func digest(salt: String, ordered: Bool) -> String {
        let order = columns.indices.sorted { left, right in
            let (a, b) = (columns[left].sorted(), columns[right].sorted())
            return a.lexicographicallyPrecedes(b) || (a == b && kinds[left] < kinds[right])
        }
        var rows = (0..<rowCount).map { row in order.map { columns[$0][row] }.joined(separator: "\u{1F}") }
        if !ordered { rows.sort() }
        return Self.fnv(salt + "\u{1E}" + rows.joined(separator: "\u{1E}"))
    }

    /// FNV-1a (64 bits) of a text, in hexadecimal: a digest, not a secret.
    static func fnv(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// The result without columns that hold one value in every row (the `phase` of `count by
    /// phase | where phase == 2`): every way of leaving out enough of them to keep `width`
    /// columns. A column that says the same thing on every row adds nothing to the answer.
    func narrowed(to width: Int) -> [AnswerTable] {
        let constant = columns.indices.filter { Set(columns[$0]).count <= 1 }
        let surplus = columns.count - width
        guard surplus > 0, constant.count >= surplus, constant.count <= 12 else { return [] }
        return Self.choices(of: surplus, from: constant).map { dropped in
            let kept = columns.indices.filter { !dropped.contains($0) }
            return AnswerTable(columns: kept.map { columns[$0] }, kinds: kept.map { kinds[$0] })
        }
    }

    private static func choices(of count: Int, from items: [Int]) -> [[Int]] {
        guard count > 0 else { return [[]] }
        guard items.count >= count, let first = items.first else { return [] }
        let rest = Array(items.dropFirst())
        return choices(of: count - 1, from: rest).map { [first] + $0 } + choices(of: count, from: rest)
    }

    /// A cell as text that reads the same however the student reached it.
    static func canonical(_ value: Value, in graph: IncidentGraph) -> String {
        switch value {
        case .null: return ""
        case .int(let number): return String(number)
        case .double(let number):
            let rounded = (number * 10_000).rounded() / 10_000
            return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
        case .node(let reference): return name(of: reference.node, in: graph)
        case .string(let text):
            return graph.node(id: text).map { name(of: $0, in: graph) } ?? text.lowercased()
        case .list(let elements): return "[" + elements.map { canonical($0, in: graph) }.sorted().joined(separator: ", ") + "]"
        default: return value.displayText.lowercased()
        }
    }

    private static func name(of node: NodeID, in graph: IncidentGraph) -> String {
        (graph.value("name", of: node).stringValue ?? graph.id(of: node)).lowercased()
    }

    /// A value's kind in the words feedback uses.
    static func kind(of value: Value) -> String? {
        switch value {
        case .null: nil
        case .bool: "yes/no"
        case .int, .double: "number"
        case .string, .node: "text"
        case .instant, .date: "time"
        case .duration: "duration"
        case .list: "list"
        }
    }
}
