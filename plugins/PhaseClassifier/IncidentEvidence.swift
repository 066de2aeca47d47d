import PluginAPI

/// What the classifier may know about an incident — what an analyst has for a new one: its
/// day, its target's sector and its initial-access vector. Never its campaign link or the
/// synthetic ground truth, so accuracy on the synthetic layer means something.
struct IncidentEvidence: Sendable, Equatable {
    /// The day it happened (UTC), if known.
    var day: Day?
    /// The sector id of its target (the org's sector, or a targeted sector itself).
    var sector: String?
    /// Its initial-access vector.
    var vector: String?
}

/// Reads the evidence of incidents from the graph, resolving property columns once.
struct EvidenceReader {
    private let graph: IncidentGraph
    private let incidentKind: Int?
    private let timeColumn: Int?
    private let vectorColumn: Int?

    init(graph: IncidentGraph) {
        self.graph = graph
        let kind = graph.schema.kindPosition(of: "incident")
        incidentKind = kind
        timeColumn = kind.flatMap { graph.propertyColumn("ts", kindIndex: $0) }
        vectorColumn = kind.flatMap { graph.propertyColumn("vector", kindIndex: $0) }
    }

    /// The evidence of `node`, or nil when it is not an incident.
    func evidence(of node: NodeID) -> IncidentEvidence? {
        guard let incidentKind, graph.kindIndex(of: node) == incidentKind else { return nil }
        var evidence = IncidentEvidence()
        if let timeColumn, case .instant(let instant) = graph.value(column: timeColumn, of: node) {
            evidence.day = instant.day
        }
        if let vectorColumn, case .string(let vector) = graph.value(column: vectorColumn, of: node) {
            evidence.vector = vector
        }
        if let target = graph.firstNeighbour(of: node, direction: .out, label: "targeted") {
            if graph.kindName(of: target) == "sector" {
                evidence.sector = graph.id(of: target)
            } else if let sector = graph.firstNeighbour(of: target, direction: .out, label: "in_sector") {
                evidence.sector = graph.id(of: sector)
            }
        }
        return evidence
    }
}
