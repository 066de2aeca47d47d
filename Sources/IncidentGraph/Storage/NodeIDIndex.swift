import Synchronization

/// Finds a node's number by its id. A graph built from records has its table already; a graph
/// read from a snapshot builds it at the first lookup, not while loading: hashing a million ids
/// takes longer than reading the rest of the snapshot, and many sessions never look one up.
final class NodeIDIndex: Sendable {
    private let ids: [String]
    private let table: Mutex<[String: Int32]?>

    /// An index over `ids`, with its table when it is at hand.
    init(ids: [String], table: [String: Int32]?) {
        self.ids = ids
        self.table = Mutex(table)
    }

    /// The number of the node with this id.
    subscript(id: String) -> Int32? {
        table.withLock { table in
            if table == nil {
                var built: [String: Int32] = [:]
                built.reserveCapacity(ids.count)
                for (number, id) in ids.enumerated() { built[id] = Int32(number) }
                table = built
            }
            return table?[id]
        }
    }
}
