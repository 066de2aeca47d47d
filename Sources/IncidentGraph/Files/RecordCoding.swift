/// Reading node and edge records, the lines of a graph file, into a ``GraphBuilder``.
///
/// A node record is an object with `id` and `kind`; an edge record has `from`, `to` and
/// `label`. Both carry `provenance` (`reported` needs `sources` and `status`); every other
/// member is a property checked against the schema.
extension JSONFields {
    static let nodeKeys: Set<String> = ["id", "kind", "provenance", "sources", "status"]
    static let edgeKeys: Set<String> = ["from", "to", "label", "provenance", "sources", "status"]

    mutating func addRecord(_ record: JSONValue, to builder: inout GraphBuilder) throws(GraphError) {
        let members = try object(record, "a node or an edge")
        if record["kind"] != nil {
            try addNode(record, members, to: &builder)
        } else if record["label"] != nil {
            try addEdge(record, members, to: &builder)
        } else {
            throw error("a record needs `kind` (a node) or `label` (an edge)", at: record)
        }
    }

    private mutating func addNode(
        _ record: JSONValue, _ members: [JSONValue.Member], to builder: inout GraphBuilder
    ) throws(GraphError) {
        let id = try string(try member("id", of: record, "a node"), "the node id")
        let kindValue = try member("kind", of: record, "node `\(id)`")
        let kindName = try string(kindValue, "the node kind")
        guard let kind = builder.schema.kind(named: kindName), kind.name == kindName else {
            throw error(
                "node `\(id)` has unknown kind `\(kindName)`", at: kindValue,
                hint: Spelling.suggestion(for: kindName, among: builder.schema.kinds.map(\.name)).map {
                    "did you mean `\($0)`?"
                })
        }
        var properties: [String: Value] = [:]
        for member in members where !Self.nodeKeys.contains(member.key) {
            let (key, json) = (member.key, member.value)
            guard let property = kind.property(named: key) else {
                throw error(
                    "kind `\(kind.name)` has no property `\(key)`", at: json,
                    hint: Spelling.suggestion(for: key, among: kind.properties.map(\.name)).map {
                        "did you mean `\($0)`?"
                    }
                        ?? "the schema of `\(kind.name)` lists its properties")
            }
            properties[key] = try value(json, as: property.type, property: key)
        }
        let provenance = try provenance(of: record, "node `\(id)`")
        try builder.addNode(
            id: id, kind: kind.name, properties: properties, provenance: provenance,
            at: locator.location(at: record.offset))
    }

    private mutating func addEdge(
        _ record: JSONValue, _ members: [JSONValue.Member], to builder: inout GraphBuilder
    ) throws(GraphError) {
        let labelValue = try member("label", of: record, "an edge")
        let labelName = try string(labelValue, "the edge label")
        let from = try string(try member("from", of: record, "edge `\(labelName)`"), "the id the edge starts at")
        let to = try string(try member("to", of: record, "edge `\(labelName)`"), "the id the edge ends at")
        guard let label = builder.schema.edgeLabel(named: labelName) else {
            throw error(
                "unknown edge label `\(labelName)`", at: labelValue,
                hint: Spelling.suggestion(for: labelName, among: builder.schema.edgeLabels.map(\.name)).map {
                    "did you mean `\($0)`?"
                })
        }
        var properties: [String: Value] = [:]
        for member in members where !Self.edgeKeys.contains(member.key) {
            let (key, json) = (member.key, member.value)
            guard let property = label.properties.first(where: { $0.name == key }) else {
                throw error("edge label `\(label.name)` has no property `\(key)`", at: json)
            }
            properties[key] = try value(json, as: property.type, property: key)
        }
        let provenance = try provenance(of: record, "edge `\(from)` -[\(labelName)]-> `\(to)`")
        try builder.addEdge(
            from: from, to: to, label: label.name, properties: properties, provenance: provenance,
            at: locator.location(at: record.offset))
    }

    private mutating func provenance(of record: JSONValue, _ what: String) throws(GraphError) -> Provenance {
        let originValue = try member("provenance", of: record, what)
        let originText = try string(originValue, "the provenance")
        guard let origin = Provenance.Origin(rawValue: originText) else {
            throw error(
                "\(what): provenance must be `reported` or `synthetic`, found \(originText.debugDescription)",
                at: originValue)
        }
        guard origin == .reported else { return .synthetic }
        let sourcesValue = try member("sources", of: record, "reported \(what)")
        let sources = try strings(sourcesValue, "the source keys")
        guard !sources.isEmpty else {
            throw error(
                "reported \(what) cites no source", at: sourcesValue,
                hint: "every reported fact names the `source` nodes it rests on")
        }
        let statusValue = try member("status", of: record, "reported \(what)")
        let statusText = try string(statusValue, "the status")
        guard let status = Provenance.Status(rawValue: statusText) else {
            throw error(
                "\(what): status must be one of \(Provenance.Status.allCases.map(\.rawValue).joined(separator: ", "))",
                at: statusValue)
        }
        return .reported(sources: sources, status: status)
    }
}

extension JSONText {
    /// A node as one JSON object: identity, properties in schema order, then provenance.
    static func node(_ node: NodeID, in graph: IncidentGraph) -> String {
        let kind = graph.kind(of: node)
        var text = "{\"id\": \(quote(graph.id(of: node))), \"kind\": \(quote(kind.name))"
        for property in kind.properties {
            let value = graph.value(property.name, of: node)
            if !value.isNull { text += ", \(quote(property.name)): \(Self.value(value))" }
        }
        return text + provenance(graph.provenance(of: node)) + "}"
    }

    /// An edge as one JSON object.
    static func edge(_ edge: Edge, in graph: IncidentGraph) -> String {
        var text = "{\"from\": \(quote(graph.id(of: edge.from))), \"to\": \(quote(graph.id(of: edge.to)))"
        text += ", \"label\": \(quote(edge.label))"
        for name in edge.properties.keys.sorted() {
            if let value = edge.properties[name] { text += ", \(quote(name)): \(Self.value(value))" }
        }
        return text + provenance(edge.provenance) + "}"
    }

    private static func provenance(_ provenance: Provenance) -> String {
        var text = ", \"provenance\": \(quote(provenance.origin.rawValue))"
        if provenance.origin == .reported {
            text += ", \"sources\": \(strings(provenance.sources))"
            if let status = provenance.status { text += ", \"status\": \(quote(status.rawValue))" }
        }
        return text
    }
}
