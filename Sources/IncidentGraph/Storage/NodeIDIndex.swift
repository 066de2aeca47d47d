import Synchronization

/// Finds a node's number by its id. A graph built from records has its table already; a graph
/// read from a snapshot builds it at the first lookup, not while loading: hashing a million ids
/// takes longer than reading the rest of the snapshot, and many sessions never look one up.
final class NodeIDIndex: Sendable {
    private let ids: [String]
    private let table: Mutex<IDTable?>

    /// An index over `ids`, with its table when it is at hand.
    init(ids: [String], table: IDTable?) {
        self.ids = ids
        self.table = Mutex(table)
    }

    /// The number of the node with this id.
    subscript(id: String) -> Int32? {
        table.withLock { table in
            if table == nil { table = IDTable(ids: ids) }
            return table?.find(id, in: ids)
        }
    }
}
