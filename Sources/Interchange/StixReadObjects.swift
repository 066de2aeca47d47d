import IncidentGraph

/// An object that becomes a node, as read; its Kagami id is given once every object is known
/// (reports first, whatever their place in the bundle).
struct StixNode: Sendable {
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
struct StixRelationship: Sendable {
    /// Its `relationship_type`.
    let type: String
    /// The edge label Kagami exported it from, if it did.
    let writtenLabel: String?
    /// The numbers of its `source_ref` and `target_ref`, when they are strings.
    private(set) var source: Int32?
    private(set) var target: Int32?
    /// The number of the provenance its `x_kagami_*` members say.
    private(set) var provenance: Int32
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

    /// Gives its ends and provenance the numbers of another table of references: `stixIDs`
    /// and `provenances` hold, for each number of the table it was read with, the other's.
    mutating func renumber(stixIDs: [Int32], provenances: [Int32]) {
        source = source.map { stixIDs[Int($0)] }
        target = target.map { stixIDs[Int($0)] }
        provenance = provenances[Int(provenance)]
    }
}

/// The STIX ids and the written provenances that relationships refer to, each numbered once.
struct StixReferences: Sendable {
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

    /// The numbers here of another table's STIX ids and provenances, by their numbers there,
    /// each given on first sight: taking the tables of a bundle's runs of objects in order
    /// numbers every reference as reading the objects one by one does.
    mutating func numbers(of other: StixReferences) -> (stixIDs: [Int32], provenances: [Int32]) {
        (other.stixIDs.map { number(of: $0) }, other.provenances.map { number(of: $0) })
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

/// What is read of a run of a bundle's objects (on a worker thread), or of every run so far:
/// nodes, relationships with their references numbered in `references`, and what could not be
/// kept. Runs appended in the order written give what reading the objects one by one gives.
struct StixObjectBatch: Sendable {
    /// Reports (the sources other objects cite) and the other nodes, each in the order written.
    var reports: [StixNode] = []
    var others: [StixNode] = []
    var relationships: [StixRelationship] = []
    var references = StixReferences()
    /// Objects skipped and properties dropped.
    var report = StixReader.LossReport()
    /// Objects read.
    var objectCount = 0
    /// How far into the bundle the last object read ends.
    var bytesRead = 0
    /// The syntax error that stopped the run.
    var error: GraphError?

    /// Adds the run that comes next in the bundle.
    mutating func append(_ run: StixObjectBatch) {
        reports += run.reports
        others += run.others
        let numbers = references.numbers(of: run.references)
        for var relationship in run.relationships {
            relationship.renumber(stixIDs: numbers.stixIDs, provenances: numbers.provenances)
            relationships.append(relationship)
        }
        report.add(run.report)
        objectCount += run.objectCount
        bytesRead = run.bytesRead
    }
}
