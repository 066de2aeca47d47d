import IncidentGraph
import PluginAPI

extension ProvenanceTally {
    /// What rows rest on: their ``RowSet/computedFrom`` when it counts each row as it stands and
    /// every row is counted; else counted from the rows themselves when they stand for nodes or for
    /// edges, or are records of things that are not nodes all of one origin (an imported
    /// file's rows), or records that hold nodes (pattern matches: each rests on the least firm
    /// of its nodes): only the rows `groups` (one number per row) puts in a group, when given
    /// (rows ``GroupAssignment/leftOut`` are not counted). Nil for no rows, and for other rows
    /// (an aggregate's, records of mixed origins without nodes): their table says what it was
    /// computed from.
    public static func ofRows(_ input: RowSet, in graph: IncidentGraph, groups: [Int32]? = nil) -> ProvenanceTally? {
        guard input.count > 0 else { return nil }
        if input.computedFromEachRow, let tally = input.computedFrom, groups?.contains(GroupAssignment.leftOut) != true
        {
            return tally
        }
        let first = input.row(at: 0)
        if first.node != nil {
            var tally = ProvenanceTally()
            tally.add(input, in: graph, groups: groups)
            return tally
        }
        if first.edge == nil, !input.isAggregate, let source = input.computedFrom, let noun = source.noun {
            let singular = source.singularNoun ?? noun
            if let origin = source.onlyOrigin {
                return ProvenanceTally(
                    origin, count: groups.map { $0.count { $0 >= 0 } } ?? input.count, noun: noun,
                    singular: singular)
            }
            return ofRecords(input, holdingNodesIn: graph, groups: groups, noun: noun, singular: singular)
        }
        guard first.edge != nil else { return nil }
        let records = graph.edgeProvenanceRecords
        let provenance = graph.edgeColumns.provenance
        var perRecord = [Int](repeating: 0, count: records.count)
        input.rows.withUnsafeBufferPointer { rows in
            for (position, row) in rows.enumerated() where groups.map({ $0[position] >= 0 }) ?? true {
                if let edge = row.edge { perRecord[Int(provenance[edge.index])] += 1 }
            }
        }
        return ProvenanceTally(edgesPerRecord: perRecord, of: records)
    }

    /// Records of mixed origins (pattern matches after a `where`), each counted by the least firm
    /// of the nodes it holds and of what it rests on beyond them (``RowSet/matchOrigins``); nil
    /// when a counted row holds no node (the table then says what it was computed from).
    private static func ofRecords(
        _ input: RowSet, holdingNodesIn graph: IncidentGraph, groups: [Int32]?, noun: String, singular: String
    ) -> ProvenanceTally? {
        let origins = graph.origins()
        var tally = ProvenanceTally(noun: noun, singular: singular)
        for (position, row) in input.rows.enumerated() where groups.map({ $0[position] >= 0 }) ?? true {
            var weakest: Provenance.Origin?
            for case .node(let reference) in row.values {
                weakest = ProvenanceTally.weaker(weakest ?? .reported, origins.origin(of: reference.node))
            }
            guard var weakest else { return nil }
            if let beyond = input.matchOrigins?.origin(of: row, columns: input.columns) {
                weakest = ProvenanceTally.weaker(weakest, beyond)
            }
            tally.add(weakest)
        }
        return tally
    }

    /// The tally of edges, `perRecord[r]` of them with the provenance ``IncidentGraph/edgeProvenanceRecords``
    /// `records[r]`.
    init(edgesPerRecord perRecord: [Int], of records: [Provenance]) {
        self.init(noun: "edges", singular: "edge")
        for (record, count) in perRecord.enumerated() { add(records[record].origin, count: count) }
    }

    /// Counts the nodes of the rows that `groups` (one number per row) puts in a group: rows
    /// ``GroupAssignment/leftOut`` are not counted; without `groups`, every row is.
    mutating func add(_ input: RowSet, in graph: IncidentGraph, groups: [Int32]? = nil) {
        if let kind = input.kindTable, Self.allCounted(groups) {
            // A whole kind's table, every row counted: its origins are counted already.
            add(everyNodeOfKind: kind, origins: graph.origins())
            return
        }
        if let kind = input.nodesKind, let origin = graph.origins().onlyOrigin(ofKind: kind) {
            // Rows of one kind's nodes, all of one origin (a million synthetic incidents kept by a
            // `where`): the rows counted are counted so, with no node read.
            add(origin, count: groups.map(GroupAssignment.rowsGrouped) ?? input.count, kindIndex: kind)
            return
        }
        if input.nodesAreDistinct, input.count == graph.nodeCount, Self.allCounted(groups) {
            // As many distinct nodes as the graph has (`nodes`) are every node: so too.
            for kind in graph.schema.kinds.indices { add(everyNodeOfKind: kind, origins: graph.origins()) }
            return
        }
        // A kind's table gives its node numbers whole, as do rows of nodes left to be made.
        var numbers = input.kindTable.map(graph.nodeNumbers(ofKindAt:)) ?? input.unmadeNodes.map(Array.init) ?? []
        if input.kindTable == nil, input.unmadeNodes == nil {
            numbers.reserveCapacity(input.count)
            // Through the buffer: taking each row out of the array would retain and release its values.
            input.rows.withUnsafeBufferPointer { rows in
                for row in rows { numbers.append(row.node.map { Int32($0.index) } ?? -1) }
            }
        }
        add(nodeNumbers: numbers, origins: graph.origins(), groups: groups)
    }

    /// Whether `groups` puts every row in a group (none is ``GroupAssignment/leftOut``, or any
    /// other negative number): the sign bits of all of them together, with no branch per row.
    private static func allCounted(_ groups: [Int32]?) -> Bool {
        groups?.withUnsafeBufferPointer { $0.reduce(0, |) >= 0 } ?? true
    }
}
