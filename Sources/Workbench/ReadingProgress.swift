/// How far the reading of a file has come, told to the program as it goes: a line on a
/// terminal (`kagami`'s load progress), nothing elsewhere.
public protocol ReadingProgress: AnyObject {
    /// Bytes read of all, and records (rows, nodes and edges) so far.
    func reading(_ bytesRead: Int, _ totalBytes: Int, _ records: Int)
    /// The reading is over: the line, if one was shown, is cleared.
    func finish()
}
