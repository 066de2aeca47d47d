import IncidentGraph

/// An object that becomes a node, as read; its Kagami id is given once every object is known
/// (reports first, whatever their place in the bundle).
struct StixNode {
    let stixID: String
    /// The id the node asks for: the one Kagami exported it with, else its name, else its STIX id.
    let wantedID: String
    /// Whether `wantedID` is an id Kagami wrote, kept as it is unless taken.
    let keepsID: Bool
    let kind: String
    let properties: [String: Value]
    /// What its `x_kagami_*` members say, if anything.
    let provenance: Provenance?
}

/// A relationship as read, its ends and provenance as numbers: a bundle holds several times
/// more relationships than other objects, and a string each would hold most of the memory.
struct StixRelationship {
    /// Its `relationship_type`.
    let type: String
    /// The edge label Kagami exported it from, if it did.
    let writtenLabel: String?
    /// The numbers of its `source_ref` and `target_ref`, when they are strings.
    let source: Int32?
    let target: Int32?
    /// The number of the provenance its `x_kagami_*` members say.
    let provenance: Int32
    /// Its `description` (an edge's note).
    let description: String?
    /// Its `x_kagami_*` members other than provenance and label (an edge's other properties),
    /// nil when it has none, as most have.
    let custom: StixObject?

    init(_ object: StixObject, references: inout StixReferences) {
        type = object.string("relationship_type") ?? "?"
        writtenLabel = object.string("x_kagami_label")
        source = object.string("source_ref").map { references.number(of: $0) }
        target = object.string("target_ref").map { references.number(of: $0) }
        provenance = references.number(of: StixProvenance.read(object))
        description = object.string("description")
        let members = object.members.filter {
            $0.key.hasPrefix("x_kagami_")
                && !StixCustomProperties.isReserved(String($0.key.dropFirst(9)), relationship: true)
        }
        custom = members.isEmpty ? nil : StixObject(members: members)
    }
}

/// The STIX ids and the written provenances that relationships refer to, each numbered once.
struct StixReferences {
    /// The STIX ids by number.
    private(set) var stixIDs: [String] = []
    /// The provenances by number (nil: the object said none).
    private(set) var provenances: [Provenance?] = []
    private var idNumbers: [String: Int32] = [:]
    private var provenanceNumbers: [Provenance?: Int32] = [:]

    /// The number of a STIX id, given on first sight.
    mutating func number(of stixID: String) -> Int32 {
        if let number = idNumbers[stixID] { return number }
        let number = Int32(stixIDs.count)
        stixIDs.append(stixID)
        idNumbers[stixID] = number
        return number
    }

    /// The number of a written provenance, given on first sight.
    mutating func number(of provenance: Provenance?) -> Int32 {
        if let number = provenanceNumbers[provenance] { return number }
        let number = Int32(provenances.count)
        provenances.append(provenance)
        provenanceNumbers[provenance] = number
        return number
    }
}
