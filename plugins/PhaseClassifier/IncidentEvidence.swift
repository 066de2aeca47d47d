import PluginAPI

/// What the classifier may know about an incident — what an analyst has for a new one: its
/// day, its target's sector and its initial-access vector. Never its campaign link or the
/// synthetic ground truth, so accuracy on the synthetic layer means something.
struct IncidentEvidence: Sendable, Hashable {
    /// The day it happened (UTC), if known.
    var day: Day?
    /// The sector id of its target (the org's sector, or a targeted sector itself).
    var sector: String?
    /// Its initial-access vector.
    var vector: String?
}

/// Reads the evidence of incidents from the graph, resolving property columns once and
/// remembering each target's sector (campaigns return to the same targets).
struct EvidenceReader {
    private let graph: IncidentGraph
    private var sectorOfTarget: [NodeID: String?] = [:]
    private let incidentKind: Int?
    private let timeColumn: Int?
    private let vectorColumn: Int?
    /// The labels followed, by position in the schema: looked up once, not by name per incident.
    private let targeted: Int?
    private let inSector: Int?

    init(graph: IncidentGraph) {
        self.graph = graph
        let kind = graph.schema.kindPosition(of: "incident")
        incidentKind = kind
        timeColumn = kind.flatMap { graph.propertyColumn("ts", kindIndex: $0) }
        vectorColumn = kind.flatMap { graph.propertyColumn("vector", kindIndex: $0) }
        targeted = graph.schema.labelPosition(of: "targeted")
        inSector = graph.schema.labelPosition(of: "in_sector")
    }

    /// The evidence of `node`, or nil when it is not an incident.
    mutating func evidence(of node: NodeID) -> IncidentEvidence? {
        guard let incidentKind, graph.kindIndex(of: node) == incidentKind else { return nil }
        var evidence = IncidentEvidence()
        if let timeColumn, case .instant(let instant) = graph.value(column: timeColumn, of: node) {
            evidence.day = instant.day
        }
        if let vectorColumn, case .string(let vector) = graph.value(column: vectorColumn, of: node) {
            evidence.vector = vector
        }
        if let targeted, let target = graph.firstNeighbour(of: node, direction: .out, labelPosition: targeted) {
            evidence.sector = sector(of: target)
        }
        return evidence
    }

    /// A targeted sector's id, or the sector of a targeted organisation.
    private mutating func sector(of target: NodeID) -> String? {
        if let known = sectorOfTarget[target] { return known }
        let sector: String? =
            if graph.kindName(of: target) == "sector" {
                graph.id(of: target)
            } else {
                inSector.flatMap { graph.firstNeighbour(of: target, direction: .out, labelPosition: $0) }
                    .map { graph.id(of: $0) }
            }
        sectorOfTarget[target] = sector
        return sector
    }
}
