import IncidentGraph

/// How many nodes of each provenance a result was computed from, so that an aggregate, a chart
/// or a plugin's table can say how much of it rests on generated data:
/// `from 214 incidents: 4 reported, 210 synthetic`.
public struct ProvenanceTally: Sendable, Equatable {
    private var counts = [Int](repeating: 0, count: Provenance.Origin.allCases.count)
    /// The schema position of the nodes' kind when they are all of one kind, else `nil`.
    public private(set) var kindIndex: Int?
    private var mixedKinds = false

    /// What the counted things are called when they are not nodes (`rows of mail.csv`).
    public private(set) var noun: String?
    /// What one of them is called (`row of mail.csv`).
    public private(set) var singularNoun: String?

    /// An empty tally.
    public init() {}

    /// An empty tally of things that are not nodes, called `noun` (`edges`, `rows of
    /// mail.csv`), one of them `singular` (`edge`, `row of mail.csv`).
    public init(noun: String, singular: String) {
        self.noun = noun
        singularNoun = singular
        mixedKinds = true
    }

    /// `count` things of one provenance that are not nodes, such as an imported file's rows.
    public init(_ origin: Provenance.Origin, count: Int, noun: String, singular: String) {
        self.init(noun: noun, singular: singular)
        counts[Self.position(of: origin)] = count
    }

    /// Counts one thing that is not a node.
    public mutating func add(_ origin: Provenance.Origin) {
        counts[Self.position(of: origin)] += 1
    }

    /// Counts `count` nodes (or edges) of one origin.
    public mutating func add(_ origin: Provenance.Origin, count: Int) {
        counts[Self.position(of: origin)] += count
    }

    /// Counts one node of a kind (by its schema position).
    public mutating func add(_ origin: Provenance.Origin, kindIndex: Int) {
        add(origin, count: 1, kindIndex: kindIndex)
    }

    /// Counts `count` nodes of one origin and one kind (by its schema position); nothing when
    /// `count` is 0.
    public mutating func add(_ origin: Provenance.Origin, count: Int, kindIndex: Int) {
        guard count > 0 else { return }
        counts[Self.position(of: origin)] += count
        if self.kindIndex == nil, !mixedKinds {
            self.kindIndex = kindIndex
        } else if self.kindIndex != kindIndex {
            self.kindIndex = nil
            mixedKinds = true
        }
    }

    /// Counts every node of the kind at schema position `kind`, from the counts `origins` keeps
    /// of each kind's origins: no node is read.
    public mutating func add(everyNodeOfKind kind: Int, origins: NodeOrigins) {
        for (origin, count) in origins.originCounts(ofKind: kind) { add(origin, count: count, kindIndex: kind) }
    }

    /// Counts the nodes numbered `numbers` (a negative number is no node, and not counted),
    /// their origins and kinds read from `origins`: many nodes without a call for each. With
    /// `groups` (one number per node), only the nodes whose group is not negative are counted.
    public mutating func add(nodeNumbers numbers: [Int32], origins: NodeOrigins, groups: [Int32]? = nil) {
        let groups = groups ?? []
        let grouped = !groups.isEmpty
        guard let first = numbers.indices.first(where: { numbers[$0] >= 0 && (!grouped || groups[$0] >= 0) })
        else { return }
        var byOrigin = [Int](repeating: 0, count: Provenance.Origin.allCases.count)
        // The first node's kind, and how many nodes of other kinds there are.
        var (firstKind, otherKinds): (Int16, Int) = (0, 0)
        origins.withNumbers { originOf, kindOf in
            firstKind = kindOf[Int(numbers[first])]
            byOrigin.withUnsafeMutableBufferPointer { byOrigin in
                // No branch on whether a row has a node (half the rows of a filter may not, in
                // no order a processor can predict): a row without one adds 0 to node 0's counts.
                for (position, number) in numbers.enumerated() {
                    let counted = (number >= 0 ? 1 : 0) & (!grouped || groups[position] >= 0 ? 1 : 0)
                    let node = Int(max(number, 0))
                    byOrigin[Int(originOf[node])] &+= counted
                    otherKinds &+= counted & (kindOf[node] == firstKind ? 0 : 1)
                }
            }
        }
        if otherKinds > 0 {
            (kindIndex, mixedKinds) = (nil, true)
        } else if kindIndex == nil, !mixedKinds {
            kindIndex = Int(firstKind)
        } else if kindIndex != Int(firstKind) {
            (kindIndex, mixedKinds) = (nil, true)
        }
        for (position, origin) in Provenance.Origin.allCases.enumerated() {
            counts[Self.position(of: origin)] += byOrigin[position]
        }
    }

    /// Nodes counted of one provenance.
    public func count(of origin: Provenance.Origin) -> Int {
        counts[Self.position(of: origin)]
    }

    /// Nodes counted in all.
    public var total: Int { counts.reduce(0, +) }

    /// Whether anything counted was not reported by a source (generated, imported, observed).
    public var restsOnUnreportedData: Bool { total > count(of: .reported) }

    /// The least firm of several origins (a pattern match resting on a synthetic node is
    /// synthetic): synthetic, then imported, observed, reported.
    public static func weakest(_ origins: some Sequence<Provenance.Origin>) -> Provenance.Origin {
        origins.reduce(.reported, weaker)
    }

    /// The less firm of two origins.
    public static func weaker(_ a: Provenance.Origin, _ b: Provenance.Origin) -> Provenance.Origin {
        firmness(b) < firmness(a) ? b : a
    }

    /// The firmer of two origins (a match made two ways is as firm as the firmer way).
    public static func firmer(_ a: Provenance.Origin, _ b: Provenance.Origin) -> Provenance.Origin {
        firmness(b) > firmness(a) ? b : a
    }

    /// Generated data is the least firm, then what a file brought, then the analyst's own
    /// observation, then what a public source states.
    private static func firmness(_ origin: Provenance.Origin) -> Int {
        switch origin {
        case .synthetic: 0
        case .imported: 1
        case .observed: 2
        case .reported: 3
        }
    }

    /// The one origin of everything counted, when there is exactly one.
    public var onlyOrigin: Provenance.Origin? {
        let present = Provenance.Origin.allCases.filter { count(of: $0) > 0 }
        return present.count == 1 ? present[0] : nil
    }

    /// Whether any node counted was generated.
    public var includesSynthetic: Bool { count(of: .synthetic) > 0 }

    /// `from 214 incidents: 4 reported, 210 synthetic`, naming the kind (`incident`,
    /// `incidents`) by its singular or plural.
    public func summary(kind: (singular: String, plural: String)?) -> String {
        let kindPlural = kind.map { total == 1 ? $0.singular : $0.plural }
        let parts = Provenance.Origin.allCases.filter { count(of: $0) > 0 }.map { "\(count(of: $0)) \($0.rawValue)" }
        let named = total == 1 ? singularNoun ?? noun : noun
        return "from \(total) \(named ?? kindPlural ?? (total == 1 ? "node" : "nodes")): "
            + parts.joined(separator: ", ")
    }

    private static func position(of origin: Provenance.Origin) -> Int {
        switch origin {
        case .reported: 0
        case .synthetic: 1
        case .imported: 2
        case .observed: 3
        }
    }
}
