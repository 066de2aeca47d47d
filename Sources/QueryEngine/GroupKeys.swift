import IncidentGraph
import PluginAPI

/// Each group's key values (`count by vector, phase`: a vector and a phase for each group), kept
/// part by part: one column of values for each part of the key, the groups in the same order in
/// each. A group costs one value for each part and no array of its own, so that grouping a million
/// rows by their ids makes and frees no million arrays; a group's key is made into an array only
/// when it is asked for (the rows shown).
struct GroupKeys {
    /// For each part of the key, each group's value.
    private(set) var columns: [[Value]]
    /// How many groups there are.
    private(set) var count: Int

    /// No group yet, with keys of `parts` parts.
    init(parts: Int) {
        columns = Array(repeating: [], count: parts)
        count = 0
    }

    /// Groups whose keys are the values of `columns`, one column for each part, all as long.
    init(columns: [[Value]]) {
        self.columns = columns
        count = columns.first?.count ?? 0
    }

    /// Groups whose keys of `parts` parts are `keys`, one array of values for each group.
    init(_ keys: [[Value]], parts: Int) {
        columns = (0..<parts).map { part in keys.map { $0[part] } }
        count = keys.count
    }

    /// One group with an empty key: every row of a `summarize` with no `by`.
    static let single = {
        var keys = GroupKeys(parts: 0)
        keys.count = 1
        return keys
    }()

    /// The groups' numbers.
    var indices: Range<Int> { 0..<count }

    /// The key values of `group`, part by part.
    subscript(group: Int) -> [Value] {
        switch columns.count {
        case 1: [columns[0][group]]
        case 2: [columns[0][group], columns[1][group]]
        default: columns.map { $0[group] }
        }
    }

    /// Each group's key values, group by group, as rows of a table.
    var rows: [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(count)
        for group in indices { rows.append(Row(node: nil, values: self[group])) }
        return rows
    }

    /// The keys of `groups`, in that order.
    func picking(_ groups: [Int]) -> GroupKeys {
        var picked = GroupKeys(columns: columns.map { column in groups.map { column[$0] } })
        picked.count = groups.count
        return picked
    }

    /// Adds a group whose key has one part, `value`.
    mutating func append(_ value: Value) {
        columns[0].append(value)
        count += 1
    }

    /// Adds a group whose key has two parts, `first` and `second`.
    mutating func append(_ first: Value, _ second: Value) {
        columns[0].append(first)
        columns[1].append(second)
        count += 1
    }

    /// Adds a group whose key is `values`, one for each part.
    mutating func append(contentsOf values: some Sequence<Value>) {
        for (part, value) in values.enumerated() { columns[part].append(value) }
        count += 1
    }
}
