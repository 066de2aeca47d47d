import IncidentGraph

/// What pattern matches rest on beyond the nodes their columns show — the edges their steps
/// follow, the nodes a step of several hops passes, the unnamed nodes of the pattern — by the
/// nodes of the columns. A `match` gives it to its rows when one of these may be less firm than
/// the nodes shown, and the stages after it carry it, so that the rows a later `where`, `take`
/// or `sort` keeps are counted by what they rest on.
public struct MatchOrigins: Sendable {
    /// The columns the nodes are read from, by the names the `match` gave them.
    private let columns: [String]
    private var origins: [[Int32]: Provenance.Origin] = [:]
    /// The least firm way any match was made: what a row no longer told apart rests on.
    private var leastFirm = Provenance.Origin.reported
    /// Whether the matches rest on the nodes their columns show and nothing else: a row that
    /// still shows them all rests on nothing beyond them.
    private var onNodesAlone = false

    /// Nothing known yet of the matches of `columns`.
    public init(columns: [String]) {
        self.columns = columns
    }

    /// Matches of `columns` that rest on the nodes the columns show alone (every node of the
    /// pattern is named, no edge is less firm than its ends), the least firm of them as firm as
    /// `leastFirm`: a row that no longer shows them all (`select o.sector`, `select s` of a
    /// longer pattern) may have been made the least firm way.
    public init(columns: [String], restingOnTheirNodesAlone leastFirm: Provenance.Origin) {
        self.columns = columns
        self.leastFirm = leastFirm
        onNodesAlone = true
    }

    /// Notes a match of the nodes `nodes` (numbers, by column) made in a way as firm as
    /// `origin`. Matches that differ only in nodes the pattern leaves unnamed show the same
    /// nodes, one row each, and which row is which match cannot be told: each of those rows is
    /// counted as the least firm of them, never firmer than its own match.
    public mutating func note(_ nodes: [Int32], _ origin: Provenance.Origin) {
        origins[nodes] = ProvenanceTally.weaker(origins[nodes] ?? origin, origin)
        leastFirm = ProvenanceTally.weaker(leastFirm, origin)
    }

    /// What a row rests on beyond its nodes, read from the columns named as the match named
    /// them, wherever a stage after it put them (`select a, i`, `extend` after them). A row that
    /// can no longer be told to be a match's — a column renamed or dropped (`select x = i, a`),
    /// nodes no match made — is taken to rest on the least firm way any match was made: it is
    /// never counted firmer than it may be.
    public func origin(of row: Row, columns rowColumns: [String]) -> Provenance.Origin {
        var nodes: [Int32] = []
        nodes.reserveCapacity(columns.count)
        for column in columns {
            guard let position = rowColumns.firstIndex(of: column), position < row.values.count,
                case .node(let reference) = row.values[position]
            else { return leastFirm }
            nodes.append(Int32(reference.node.index))
        }
        return onNodesAlone ? .reported : origins[nodes] ?? leastFirm
    }
}
