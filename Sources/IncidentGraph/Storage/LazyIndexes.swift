import Foundation
import Synchronization

/// The indexes a graph makes when they are first needed, not while it loads: the id table
/// (a graph read from a snapshot builds it at the first lookup — hashing a million ids takes
/// longer than reading the rest of the snapshot, and many sessions never look one up) and the
/// targets of each single-valued link a statement follows, the neighbour lists traversals
/// read, the numbers of texts a statement groups by, every node's origin for provenance
/// tallies and its provenance record's number, the order of the nodes' ids, and the ids' bytes
/// in one buffer.
final class LazyIndexes: Sendable {
    private let ids: [String]
    private let table: Mutex<IDTable?>
    private let links = Mutex<[Int: LinkTargets]>([:])
    private let idOrder = Mutex<[Int32]?>(nil)
    private let idsAsBytes = Mutex<TextBytes?>(nil)
    private let neighbours = Mutex<[Int: Neighbourhood]>([:])
    private let texts = Mutex<[Int: TextCodes]>([:])
    private let nodeOrigins = Mutex<[Int: NodeOrigins]>([:])
    private let nodeProvenances = Mutex<[Int: NodeProvenances]>([:])
    private let derivedValues = Mutex<[String: any Sendable]>([:])

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

    /// The id table, made now if it was not yet.
    var idTable: IDTable {
        table.withLock { table in
            let made = table ?? IDTable(ids: ids)
            table = made
            return made
        }
    }

    /// The link targets for a key, made by `make` the first time.
    func linkTargets(_ key: Int, make: () -> LinkTargets) -> LinkTargets {
        Self.kept(links, key, make)
    }

    /// The text numbers of a column for a key, made by `make` the first time.
    func textCodes(_ key: Int, make: () -> TextCodes) -> TextCodes {
        Self.kept(texts, key, make)
    }

    /// Every node's origin, made by `make` the first time.
    func origins(make: () -> NodeOrigins) -> NodeOrigins {
        Self.kept(nodeOrigins, 0, make)
    }

    /// Every node's provenance record number, made by `make` the first time.
    func provenances(make: () -> NodeProvenances) -> NodeProvenances {
        Self.kept(nodeProvenances, 0, make)
    }

    /// The neighbour lists, made by `make` the first time.
    func neighbourhood(make: () -> Neighbourhood) -> Neighbourhood {
        Self.kept(neighbours, 0, make)
    }

    /// A value a layer above the graph derives from it, kept under `key`, made by `make` the
    /// first time (and whenever what is kept under `key` is of another type).
    func derived<Derived: Sendable>(_ key: String, make: () -> Derived) -> Derived {
        if let known = derivedValues.withLock({ $0[key] }) as? Derived { return known }
        let made = make()
        return derivedValues.withLock { values in
            if let first = values[key] as? Derived { return first }
            values[key] = made
            return made
        }
    }

    /// The index kept under `key`, made by `make` the first time — outside the lock: two
    /// threads asking at once may both make it, and the first one kept is used by both.
    private static func kept<Index: Sendable>(
        _ kept: borrowing Mutex<[Int: Index]>, _ key: Int, _ make: () -> Index
    ) -> Index {
        if let known = kept.withLock({ $0[key] }) { return known }
        let made = make()
        return kept.withLock { indexes in
            if let first = indexes[key] { return first }
            indexes[key] = made
            return made
        }
    }

    /// Each node's place among all ids in the order of their UTF-8 bytes (the order
    /// ``Value`` gives nodes), made at the first call. The sort runs over the ids' bytes in
    /// one buffer; ids loaded in order (as generated files have them) make long sorted runs,
    /// which the sort merges rather than sorts.
    func idRanks() -> [Int32] {
        if let known = idOrder.withLock({ $0 }) { return known }
        let order = idBytes().withTexts { ids in (0..<self.ids.count).sorted { UTF8Order.precedes(ids[$0], ids[$1]) } }
        var ranks = [Int32](repeating: 0, count: ids.count)
        for (rank, node) in order.enumerated() { ranks[node] = Int32(rank) }
        return idOrder.withLock { made in
            if let first = made { return first }
            made = ranks
            return ranks
        }
    }
}

extension LazyIndexes {
    /// Every node's id as UTF-8 bytes, made at the first call.
    func idBytes() -> TextBytes {
        if let known = idsAsBytes.withLock({ $0 }) { return known }
        let made = TextBytes(ids)
        return idsAsBytes.withLock { kept in
            if let first = kept { return first }
            kept = made
            return made
        }
    }
}

extension IncidentGraph {
    /// A value a layer above the graph works out from it (the query engine's rows of a kind),
    /// made by `make` the first time `key` is asked for and kept with the graph, which never
    /// changes.
    public func derived<Derived: Sendable>(_ key: String, make: () -> Derived) -> Derived {
        lazyIndexes.derived(key, make: make)
    }
}
