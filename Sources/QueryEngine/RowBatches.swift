import IncidentGraph
import PluginAPI
import QuerySyntax

/// Rows taken a few thousand at a time, for operators that read a column for many rows at once
/// (``VectorCondition``, integer sort keys and aggregates): the batch's node numbers fit in the
/// processor's cache with the values read for them.
enum RowBatches {
    /// Rows in one batch.
    static let size = 2048

    /// The node numbers of `rows` at `positions` (-1 for a row without a node), for loops that
    /// take batches themselves (a closure capturing the arrays they fill would box them).
    static func nodes(of rows: [Row], at positions: Range<Int>) -> [Int32] {
        // Through the buffer, by position: taking each row out of the array would copy (retain
        // and release) its values.
        rows.withUnsafeBufferPointer { rows in
            positions.map { rows[$0].node.map { Int32($0.index) } ?? -1 }
        }
    }

    /// Calls `body` with the node numbers of each batch of `rows` (-1 for a row without a node)
    /// and the batch's first position, checking for Ctrl-C between batches.
    static func forEach(
        _ rows: [Row], context: EvaluationContext, _ body: (_ nodes: [Int32], _ start: Int) throws(Diagnostic) -> Void
    ) throws(Diagnostic) {
        for start in stride(from: 0, to: rows.count, by: size) {
            try context.checkCancelled()
            try body(nodes(of: rows, at: start..<min(start + size, rows.count)), start)
        }
    }
}
