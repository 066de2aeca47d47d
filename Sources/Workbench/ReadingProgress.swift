import IncidentGraph
import PluginAPI

/// How far the reading of a file has come, told to the program as it goes: a line on a
/// terminal (`kagami`'s load progress), nothing elsewhere.
public protocol ReadingProgress: AnyObject {
    /// Bytes read of all, and records (rows, nodes and edges) so far.
    func reading(_ bytesRead: Int, _ totalBytes: Int, _ records: Int)
    /// The reading is over: the line, if one was shown, is cleared.
    func finish()
}

extension CancellationCheck {
    /// The progress of a reading that stops it when the analyst presses Ctrl-C, and otherwise
    /// tells `shown` how far it has come.
    public func progress(telling shown: (any ReadingProgress)?) -> GraphFile.Progress {
        { bytesRead, totalBytes, records throws(GraphError) in
            guard !isCancelled else { throw GraphError(.io, "cancelled (Ctrl-C)") }
            shown?.reading(bytesRead, totalBytes, records)
        }
    }
}
