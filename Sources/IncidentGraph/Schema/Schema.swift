/// The shape of a graph, as data: its node kinds, edge labels and single-valued links.
///
/// Shipped with each data set and shown by `:schema`; loaders validate every node and edge
/// against it, and the query checker draws its "did you mean" hints from it.
public struct Schema: Hashable, Sendable {
    /// Node kinds in declaration order.
    public let kinds: [KindSchema]
    /// Edge labels in declaration order.
    public let edgeLabels: [EdgeLabelSchema]
    /// Named links readable as properties (`incident.target`).
    public let links: [LinkSchema]
    /// Every name a node of some kind answers as a property: the built-in properties, each
    /// kind's properties and each link's name. Worked out once: every statement checks its
    /// names against it.
    public let memberNames: Set<String>

    private let kindPositions: [String: Int]
    private let labelPositions: [String: Int]
    private let linksByKind: [String: [LinkSchema]]

    /// Property names every node has, whatever its kind: identity and provenance.
    public static let builtInProperties: [PropertySchema] = [
        PropertySchema(name: "id", type: .string, doc: "stable, human-typable identifier (`@id`)"),
        PropertySchema(name: "kind", type: .string, doc: "the node kind"),
        PropertySchema(name: "provenance", type: .string, doc: "`reported` or `synthetic`"),
        PropertySchema(name: "sources", type: .list, doc: "keys of the `source` nodes a reported fact cites"),
        PropertySchema(name: "status", type: .string, doc: "REPORTED, SECONDARY or UNCONFIRMED"),
    ]

    /// Most edge labels a schema declares (a label's position fits in 16 bits).
    public static let maximumEdgeLabels = 1 << 16
    /// Most kinds a schema declares (a node's kind is stored as a signed 16-bit position).
    public static let maximumKinds = 1 << 15

    /// A schema; fails when a name is declared twice or an edge or link names an unknown kind.
    public init(kinds: [KindSchema], edgeLabels: [EdgeLabelSchema], links: [LinkSchema]) throws(GraphError) {
        guard kinds.count <= Self.maximumKinds else {
            throw GraphError(.schema, "a schema declares at most \(Self.maximumKinds) kinds")
        }
        var kindPositions: [String: Int] = [:]
        for (position, kind) in kinds.enumerated() {
            guard kindPositions.updateValue(position, forKey: kind.name) == nil else {
                throw GraphError(.schema, "kind `\(kind.name)` is declared twice")
            }
            if kind.plural != kind.name, kinds.contains(where: { $0.name == kind.plural }) {
                throw GraphError(.schema, "the plural of `\(kind.name)` is the name of another kind")
            }
        }
        guard edgeLabels.count <= Self.maximumEdgeLabels else {
            throw GraphError(.schema, "a schema declares at most \(Self.maximumEdgeLabels) edge labels")
        }
        var labelPositions: [String: Int] = [:]
        for (position, label) in edgeLabels.enumerated() {
            guard labelPositions.updateValue(position, forKey: label.name) == nil else {
                throw GraphError(.schema, "edge label `\(label.name)` is declared twice")
            }
            for kind in label.from + label.to where kindPositions[kind] == nil {
                throw GraphError(.schema, "edge label `\(label.name)` names unknown kind `\(kind)`")
            }
        }
        for link in links {
            guard kindPositions[link.kind] != nil else {
                throw GraphError(.schema, "link `\(link.name)` is declared on unknown kind `\(link.kind)`")
            }
            guard labelPositions[link.label] != nil else {
                throw GraphError(.schema, "link `\(link.kind).\(link.name)` follows unknown label `\(link.label)`")
            }
        }
        self.kinds = kinds
        self.edgeLabels = edgeLabels
        self.links = links
        self.kindPositions = kindPositions
        self.labelPositions = labelPositions
        linksByKind = Dictionary(grouping: links, by: \.kind)
        memberNames = Set(
            Self.builtInProperties.map(\.name) + kinds.flatMap { $0.properties.map(\.name) } + links.map(\.name))
    }

    /// The kind with this name or plural (`incident` or `incidents`).
    public func kind(named name: String) -> KindSchema? {
        if let position = kindPositions[name] { return kinds[position] }
        return kinds.first { $0.plural == name }
    }

    /// The position of a kind in declaration order.
    public func kindPosition(of name: String) -> Int? {
        kindPositions[name]
    }

    /// The edge label with this name.
    public func edgeLabel(named name: String) -> EdgeLabelSchema? {
        labelPositions[name].map { edgeLabels[$0] }
    }

    /// The position of a label in declaration order.
    public func labelPosition(of name: String) -> Int? {
        labelPositions[name]
    }

    /// The links readable as properties on a kind.
    public func links(of kind: String) -> [LinkSchema] {
        linksByKind[kind] ?? []
    }
}

/// One node kind: its name, plural, properties and how it is shown.
public struct KindSchema: Hashable, Sendable {
    /// Singular name (`incident`).
    public let name: String
    /// Plural, also a query source (`incidents`).
    public let plural: String
    /// What nodes of this kind stand for.
    public let doc: String
    /// Declared properties, in display order.
    public let properties: [PropertySchema]
    /// Properties shown when a set of these nodes is rendered as a table (after `id`).
    public let display: [String]
    /// The instant property the time index is built on, if any (`ts`).
    public let timeProperty: String?

    /// A kind; `display` and `timeProperty` must name declared properties.
    public init(
        name: String, plural: String, doc: String, properties: [PropertySchema],
        display: [String], timeProperty: String? = nil
    ) throws(GraphError) {
        for property in properties where Schema.builtInProperties.contains(where: { $0.name == property.name }) {
            throw GraphError(.schema, "kind `\(name)` redeclares built-in property `\(property.name)`")
        }
        let declared = Set(properties.map(\.name))
        guard declared.count == properties.count else {
            throw GraphError(.schema, "kind `\(name)` declares a property twice")
        }
        for shown in display where !declared.contains(shown) {
            throw GraphError(.schema, "kind `\(name)` displays undeclared property `\(shown)`")
        }
        if let timeProperty, properties.first(where: { $0.name == timeProperty })?.type != .instant {
            throw GraphError(.schema, "time property `\(timeProperty)` of kind `\(name)` is not a declared instant")
        }
        self.name = name
        self.plural = plural
        self.doc = doc
        self.properties = properties
        self.display = display
        self.timeProperty = timeProperty
    }

    /// The declared property with this name.
    public func property(named name: String) -> PropertySchema? {
        properties.first { $0.name == name }
    }
}

/// One declared property of a kind.
public struct PropertySchema: Hashable, Sendable {
    /// Property name (`ts`, `subject`).
    public let name: String
    /// The type every value must have (or be `null`).
    public let type: ValueType
    /// What the property means, shown by `:schema`.
    public let doc: String

    /// A property declaration.
    public init(name: String, type: ValueType, doc: String) {
        self.name = name
        self.type = type
        self.doc = doc
    }
}

/// One edge label and the kinds it may connect.
public struct EdgeLabelSchema: Hashable, Sendable {
    /// Label name (`targeted`).
    public let name: String
    /// Kinds an edge with this label may start at.
    public let from: [String]
    /// Kinds an edge with this label may end at.
    public let to: [String]
    /// What an edge with this label asserts.
    public let doc: String
    /// Edge properties and their types (`confidence`, `procedure`).
    public let properties: [PropertySchema]

    /// A label declaration.
    public init(name: String, from: [String], to: [String], doc: String, properties: [PropertySchema] = []) {
        self.name = name
        self.from = from
        self.to = to
        self.doc = doc
        self.properties = properties
    }
}

/// A link readable as a property: `incident.target` follows `targeted` out of an incident.
public struct LinkSchema: Hashable, Sendable {
    /// The kind the link is read on.
    public let kind: String
    /// The property-like name (`target`).
    public let name: String
    /// The edge label followed.
    public let label: String
    /// Whether the edge is followed from its start (`out`) or from its end (`in`).
    public let direction: Direction
    /// Whether at most one node is linked (a node) or several (a list).
    public let isSingleValued: Bool

    /// A link declaration.
    public init(kind: String, name: String, label: String, direction: Direction, isSingleValued: Bool) {
        self.kind = kind
        self.name = name
        self.label = label
        self.direction = direction
        self.isSingleValued = isSingleValued
    }
}

/// Which way an edge is followed.
public enum Direction: String, Hashable, Sendable {
    /// From the edge's start to its end.
    case out
    /// From the edge's end back to its start.
    case `in`
    /// Either way.
    case both
}
