import IncidentGraph
import PluginAPI

/// Each group's key values (`count by vector, phase`: a vector and a phase for each group). A
/// key of one part is kept as one column of values, a value for each group and no array of its
/// own, so that grouping a million rows by their ids makes and frees no million arrays; a key of
/// several parts as an array of values for each group, the row its group is shown as.
struct GroupKeys {
    /// How many parts each key has.
    let parts: Int
    /// Each group's value, for a key of one part.
    private var values: [Value] = []
    /// Each group's values, for a key of another number of parts.
    private var keyRows: [[Value]] = []
    /// How many groups there are.
    private(set) var count = 0

    /// No group yet, with keys of `parts` parts.
    init(parts: Int) {
        self.parts = parts
    }

    /// Groups whose keys have one part, `values`.
    init(values: [Value]) {
        (parts, self.values, count) = (1, values, values.count)
    }

    /// Groups whose keys of `parts` parts are `keys`, one array of values for each group.
    init(_ keys: [[Value]], parts: Int) {
        self.parts = parts
        if parts == 1 { values = keys.map { $0[0] } } else { keyRows = keys }
        count = keys.count
    }

    /// One group with an empty key: every row of a `summarize` with no `by`.
    static let single = {
        var keys = GroupKeys(parts: 0)
        keys.append(contentsOf: [])
        return keys
    }()

    /// The groups' numbers.
    var indices: Range<Int> { 0..<count }

    /// The key values of `group`, part by part.
    subscript(group: Int) -> [Value] {
        parts == 1 ? [values[group]] : keyRows[group]
    }

    /// Part `part` of the key of `group`.
    func value(_ part: Int, of group: Int) -> Value {
        parts == 1 ? values[group] : keyRows[group][part]
    }

    /// Each group's value of part `part` of the key.
    func column(_ part: Int) -> [Value] {
        parts == 1 ? values : keyRows.map { $0[part] }
    }

    /// Each group's key values, group by group, as rows of a table.
    var rows: [Row] {
        parts == 1 ? values.map { Row(node: nil, values: [$0]) } : keyRows.map { Row(node: nil, values: $0) }
    }

    /// The keys of `groups`, in that order.
    func picking(_ groups: [Int]) -> GroupKeys {
        parts == 1 ? GroupKeys(values: groups.map { values[$0] }) : GroupKeys(groups.map { keyRows[$0] }, parts: parts)
    }

    /// Adds a group whose key has one part, `value`.
    mutating func append(_ value: Value) {
        values.append(value)
        count += 1
    }

    /// Adds a group whose key is `values`, one for each part.
    mutating func append(contentsOf values: [Value]) {
        if parts == 1 { self.values.append(contentsOf: values) } else { keyRows.append(values) }
        count += 1
    }
}
