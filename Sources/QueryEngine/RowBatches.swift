import IncidentGraph
import PluginAPI
import QuerySyntax

/// Rows taken about eight thousand at a time, for operators that read a column for many rows at
/// once (``VectorCondition``, integer sort keys and aggregates): the batch's node numbers fit in
/// the processor's cache with the values read for them, and the arrays made per batch are few.
enum RowBatches {
    /// Rows in one batch.
    static let size = 8192

    /// The batch of `input`'s rows from position `start`, for loops that take batches
    /// themselves (a closure capturing the arrays they fill would box them).
    static func batch(of input: RowSet, at start: Int, in graph: IncidentGraph) -> RowBatch {
        let positions = start..<min(start + size, input.count)
        if let kind = input.kindTable {
            return RowBatch(nodes: Array(graph.nodeNumbers(ofKindAt: kind)[positions]), start: start, tableKind: kind)
        }
        if input.areUnmadeNodeColumns {
            // Pattern matches: rows of nodes in columns, none of them a row's own.
            return RowBatch(nodes: Array(repeating: -1, count: positions.count), start: start, tableKind: nil)
        }
        if let nodes = input.unmadeNodes {
            let offset = nodes.startIndex
            return RowBatch(
                nodes: Array(nodes[offset + positions.lowerBound..<offset + positions.upperBound]), start: start,
                tableKind: nil)
        }
        // Through the buffer, by position: taking each row out of the array would copy (retain
        // and release) its values.
        let nodes = input.rows.withUnsafeBufferPointer { rows in
            positions.map { rows[$0].node.map { Int32($0.index) } ?? -1 }
        }
        return RowBatch(nodes: nodes, start: start, tableKind: nil)
    }

    /// Calls `body` with each batch of `input`'s rows, checking for Ctrl-C between batches.
    static func forEach(
        _ input: RowSet, context: EvaluationContext, _ body: (RowBatch) throws(Diagnostic) -> Void
    ) throws(Diagnostic) {
        try forEachBatch(
            of: input, context: context,
            untilDone: { batch throws(Diagnostic) in
                try body(batch)
                return false
            })
    }

    /// Calls `body` with each batch of `input`'s rows in order until it says it is done,
    /// checking for Ctrl-C between batches.
    static func forEachBatch(
        of input: RowSet, context: EvaluationContext, untilDone body: (RowBatch) throws(Diagnostic) -> Bool
    ) throws(Diagnostic) {
        for start in stride(from: 0, to: input.count, by: size) {
            try context.checkCancelled()
            if try body(batch(of: input, at: start, in: context.graph)) { return }
        }
    }
}

/// A batch of rows: each row's node number (-1: none), and the position of its first row.
struct RowBatch {
    let nodes: [Int32]
    let start: Int
    /// The kind whose table's rows the batch's rows are, in order (``RowSet/kindTable``).
    let tableKind: Int?

    /// The rows of the table of `reader`'s kind the batch's rows are, in order, when they are
    /// that table's; nil otherwise.
    func tableRows(_ reader: PropertyReader) -> Range<Int>? {
        tableKind == reader.kindPosition ? start..<start + nodes.count : nil
    }

    /// The entries of `byRow` (one for each of all the rows) for the batch's rows.
    func own(_ byRow: [Int32]) -> [Int32] {
        Array(byRow[start..<start + nodes.count])
    }

    /// Each row's row in the table of `reader`'s kind (-1: none): the batch's own positions when
    /// the rows are that table's, else looked up for each node.
    func rows(_ reader: PropertyReader) -> [Int32] {
        guard tableKind == reader.kindPosition else { return reader.rows(of: nodes) }
        return [Int32](unsafeUninitializedCapacity: nodes.count) { rows, count in
            for offset in 0..<nodes.count { rows[offset] = Int32(start + offset) }
            count = nodes.count
        }
    }
}
