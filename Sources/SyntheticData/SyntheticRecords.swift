import IncidentGraph

/// Turns generated incidents into graph records: the incident, its edges to the reported
/// nodes, and — the first time each is used — its placeholder target and its lure.
struct SyntheticRecords {
    let layer: SyntheticLayer
    private var orgCounters: [String: Int] = [:]
    private var emittedOrgs = Set<String>()
    private var emittedLures = Set<String>()

    init(layer: SyntheticLayer) {
        self.layer = layer
    }

    /// The records of one incident: new nodes (placeholder org, lure, the incident) and edges.
    mutating func records(of number: Int, _ incident: SyntheticIncident) -> (nodes: [NodeRecord], edges: [EdgeRecord]) {
        let campaign = SyntheticModel.campaigns[incident.campaignIndex]
        let id = layer.incidentID(number)
        var nodes: [NodeRecord] = []
        var edges: [EdgeRecord] = []
        let pool = layer.orgPools[incident.sector] ?? 1
        let counter = orgCounters[incident.sector, default: 0]
        orgCounters[incident.sector] = counter + 1
        let org = PlaceholderOrgs.org(
            sector: incident.sector, number: counter % pool + 1, width: max(3, String(pool).count))
        if emittedOrgs.insert(org.id).inserted {
            nodes.append(
                NodeRecord(
                    id: org.id, kind: "org",
                    properties: [
                        ("name", .string(org.name)), ("category", .string("placeholder")),
                        ("caveat", .string("synthetic placeholder, not a real organisation")),
                    ], provenance: .synthetic))
            edges.append(EdgeRecord(from: org.id, to: incident.sector, label: "in_sector", provenance: .synthetic))
            edges.append(EdgeRecord(from: org.id, to: "japan", label: "located_in", provenance: .synthetic))
        }
        if let lure = incident.lure {
            if emittedLures.insert(lure.id).inserted {
                nodes.append(
                    NodeRecord(
                        id: lure.id, kind: "lure",
                        properties: [
                            ("subject", .string(lure.subject)), ("subject_en", .string(lure.subjectEnglish)),
                            ("theme", .string(lure.theme)), ("language", .string(lure.language)),
                            ("attachment", lure.attachment.map(Value.string) ?? .null),
                            ("delivery", .string(lure.delivery)),
                            ("cue", lure.cue.map(Value.string) ?? .null), ("is_lure", .bool(lure.isLure)),
                        ], provenance: .synthetic))
            }
            edges.append(EdgeRecord(from: id, to: lure.id, label: "used_lure", provenance: .synthetic))
        }
        let verb = campaign.isEmail ? "Targeted e-mail to" : "Intrusion into"
        nodes.append(
            NodeRecord(
                id: id, kind: "incident",
                properties: [
                    ("name", .string("\(verb) \(org.name)")), ("ts", .instant(incident.ts)),
                    ("ts_precision", .string("second")),
                    ("vector", .string(incident.vector)), ("outcome", .string(incident.outcome)),
                    ("files_exfiltrated", incident.filesExfiltrated.map(Value.int) ?? .null),
                    ("accounts_compromised", incident.accountsCompromised.map(Value.int) ?? .null),
                    ("true_phase", .int(campaign.phase)), ("schedule", .string(layer.schedule.code)),
                    ("drawn_from", .string(incident.drawnFrom)),
                ], provenance: .synthetic))
        edges.append(EdgeRecord(from: id, to: "mirrorface", label: "attributed_to", provenance: .synthetic))
        edges.append(EdgeRecord(from: id, to: campaign.id, label: "part_of", provenance: .synthetic))
        edges.append(EdgeRecord(from: id, to: org.id, label: "targeted", provenance: .synthetic))
        for family in incident.malware {
            edges.append(EdgeRecord(from: id, to: family, label: "used_malware", provenance: .synthetic))
        }
        if let vulnerability = incident.vulnerability {
            edges.append(EdgeRecord(from: id, to: vulnerability, label: "exploited", provenance: .synthetic))
        }
        if incident.vector != "stolen-credentials" {
            edges.append(EdgeRecord(from: id, to: campaign.technique, label: "uses_technique", provenance: .synthetic))
        }
        return (nodes, edges)
    }
}
