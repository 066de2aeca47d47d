import IncidentGraph
import Testing

/// A small schema and graph for tests: an actor, incidents targeting organisations in sectors.
enum SampleGraph {
    static func schema() throws -> Schema {
        try Schema(
            kinds: [
                KindSchema(
                    name: "actor", plural: "actors", doc: "",
                    properties: [PropertySchema(name: "name", type: .string, doc: "")], display: ["name"]),
                KindSchema(
                    name: "incident", plural: "incidents", doc: "",
                    properties: [
                        PropertySchema(name: "ts", type: .instant, doc: ""),
                        PropertySchema(name: "files", type: .int, doc: ""),
                        PropertySchema(name: "score", type: .double, doc: ""),
                        PropertySchema(name: "tags", type: .list, doc: ""),
                    ],
                    display: ["ts"], timeProperty: "ts"),
                KindSchema(
                    name: "org", plural: "orgs", doc: "",
                    properties: [PropertySchema(name: "name", type: .string, doc: "")], display: ["name"]),
                KindSchema(name: "sector", plural: "sectors", doc: "", properties: [], display: []),
            ],
            edgeLabels: [
                EdgeLabelSchema(
                    name: "attributed_to", from: ["incident"], to: ["actor"], doc: "",
                    properties: [PropertySchema(name: "confidence", type: .string, doc: "")]),
                EdgeLabelSchema(name: "targeted", from: ["incident"], to: ["org"], doc: ""),
                EdgeLabelSchema(name: "in_sector", from: ["org"], to: ["sector"], doc: ""),
            ],
            links: [
                LinkSchema(kind: "incident", name: "target", label: "targeted", direction: .out, isSingleValued: true)
            ])
    }

    static let reported = Provenance.reported(sources: ["s1"], status: .reported)

    /// Three incidents by one actor against two orgs, in time order 2, 0, 1.
    static func graph() throws -> IncidentGraph {
        var builder = GraphBuilder(schema: try schema())
        try builder.addNode(
            id: "mirrorface", kind: "actor", properties: ["name": .string("MirrorFace")], provenance: reported)
        try builder.addNode(id: "jaxa", kind: "org", properties: ["name": .string("宇宙航空研究開発機構")], provenance: reported)
        try builder.addNode(
            id: "think-tank-07", kind: "org", properties: ["name": .string("Think tank 07")], provenance: .synthetic)
        try builder.addNode(id: "aerospace", kind: "sector", properties: [:], provenance: reported)
        let times = ["2024-01-10T02:00:00Z", "2024-05-01T00:00:00Z", "2023-06-15T09:30:00+08:00"]
        for (index, time) in times.enumerated() {
            try builder.addNode(
                id: "inc-\(index)", kind: "incident",
                properties: ["ts": .instant(try #require(Instant(iso8601: time))), "files": .int(index * 10)],
                provenance: .synthetic)
            try builder.addEdge(
                from: "inc-\(index)", to: "mirrorface", label: "attributed_to",
                properties: ["confidence": .string("high")], provenance: .synthetic)
        }
        try builder.addEdge(from: "inc-0", to: "jaxa", label: "targeted", provenance: reported)
        try builder.addEdge(from: "inc-1", to: "jaxa", label: "targeted", provenance: reported)
        try builder.addEdge(from: "inc-2", to: "think-tank-07", label: "targeted", provenance: .synthetic)
        try builder.addEdge(from: "jaxa", to: "aerospace", label: "in_sector", provenance: reported)
        return try builder.build()
    }
}
