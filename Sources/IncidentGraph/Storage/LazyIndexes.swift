import Synchronization

/// The indexes a graph makes when they are first needed, not while it loads: the id table
/// (a graph read from a snapshot builds it at the first lookup — hashing a million ids takes
/// longer than reading the rest of the snapshot, and many sessions never look one up) and the
/// targets of each single-valued link a statement follows.
final class LazyIndexes: Sendable {
    private let ids: [String]
    private let table: Mutex<IDTable?>
    private let links = Mutex<[Int: LinkTargets]>([:])

    /// Indexes over `ids`, with the id table when it is at hand.
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

    /// The link targets for a key, made by `make` the first time (outside the lock: two
    /// threads asking at once may both make them, and one is kept).
    func linkTargets(_ key: Int, make: () -> LinkTargets) -> LinkTargets {
        if let known = links.withLock({ $0[key] }) { return known }
        let targets = make()
        return links.withLock { made in
            if let first = made[key] { return first }
            made[key] = targets
            return targets
        }
    }
}
