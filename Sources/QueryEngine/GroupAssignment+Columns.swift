import IncidentGraph
import PluginAPI
import QuerySyntax

extension GroupAssignment {
    /// A key of one stored property read from its column a batch of rows at a time: an `int`
    /// property as its numbers, a `string` property as its text numbers (``TextCodes``).
    enum ColumnKey {
        case integer(PropertyReader)
        case text(TextCodes, PropertyReader)

        var reader: PropertyReader {
            switch self {
            case .integer(let reader), .text(_, let reader): reader
            }
        }

        /// Codes below this find their group in an array; others in a dictionary.
        var denseCodes: Int {
            switch self {
            case .integer: 1_024
            case .text(let codes, _): codes.count
            }
        }

        /// Each row's code: its number, or its text's number (nil: null).
        func codes(ofRows rows: [Int32]) -> [Int64?] {
            switch self {
            case .integer(let reader):
                reader.withIntegers { values in
                    rows.map { row in row >= 0 && !values.isEmpty ? values[Int(row)] : nil }
                }
            case .text(let codes, _):
                codes.withRowCodes { codes in
                    rows.map { row in
                        guard row >= 0 else { return nil }
                        let code = codes[Int(row)]
                        return code < 0 ? nil : Int64(code)
                    }
                }
            }
        }

        /// The key value of a new group whose first row is at `node` with `code`.
        func value(code: Int64?, node: Int32) -> Value {
            guard let code else { return .null }
            switch self {
            case .integer: return .int(Int(code))
            // The node's own text: the group shows the first row's, as grouping by values does.
            case .text(_, let reader): return reader.value(of: NodeID(index: Int(node)))
            }
        }
    }

    /// Groups by one stored property (`by phase`, `by vector`): its codes read a batch at a
    /// time, each row's group found in an array by its code, the key's value made once per
    /// group. Each group's key, and each row's group.
    static func assign(
        _ input: RowSet, byColumn key: ColumnKey, filter: Grouping.RowFilter?, context: EvaluationContext
    ) throws(Diagnostic) -> (keys: [[Value]], groupOfRow: [Int32]) {
        var (keys, groupOfRow): ([[Value]], [Int32]) = ([], [])
        groupOfRow.reserveCapacity(input.rows.count)
        var dense = [Int32](repeating: Self.leftOut, count: key.denseCodes)
        var sparse: [Int64: Int32] = [:]
        var nullGroup = Self.leftOut
        let (hasFilter, filter) = (filter != nil, filter ?? .mask([], failing: nil))
        for start in stride(from: 0, to: input.rows.count, by: RowBatches.size) {
            try context.checkCancelled()
            let nodes = RowBatches.nodes(of: input.rows, at: start..<min(start + RowBatches.size, input.rows.count))
            let codes = key.codes(ofRows: key.reader.rows(of: nodes))
            for offset in nodes.indices {
                if hasFilter, try !filter.keeps(start + offset, of: input.rows) {
                    groupOfRow.append(Self.leftOut)
                    continue
                }
                let code = codes[offset]
                var group =
                    if let code {
                        code >= 0 && code < dense.count ? dense[Int(code)] : sparse[code] ?? Self.leftOut
                    } else {
                        nullGroup
                    }
                if group == Self.leftOut {
                    group = Int32(keys.count)
                    keys.append([key.value(code: code, node: nodes[offset])])
                    if let code {
                        if code >= 0 && code < dense.count { dense[Int(code)] = group } else { sparse[code] = group }
                    } else {
                        nullGroup = group
                    }
                }
                groupOfRow.append(group)
            }
        }
        return (keys, groupOfRow)
    }
}
