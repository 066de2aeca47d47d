/// Reading and writing the schema section of a graph file.
extension JSONFields {
    mutating func schema(_ value: JSONValue) throws(GraphError) -> Schema {
        _ = try object(value, "the schema")
        var kinds: [KindSchema] = []
        for kindValue in try array(try member("kinds", of: value, "the schema"), "the list of kinds") {
            kinds.append(try kind(kindValue))
        }
        var labels: [EdgeLabelSchema] = []
        for labelValue in try array(try member("edges", of: value, "the schema"), "the list of edge labels") {
            let name = try string(try member("label", of: labelValue, "an edge label"), "a label name")
            labels.append(
                EdgeLabelSchema(
                    name: name,
                    from: try strings(
                        try member("from", of: labelValue, "edge label `\(name)`"), "the kinds it starts at"),
                    to: try strings(try member("to", of: labelValue, "edge label `\(name)`"), "the kinds it ends at"),
                    doc: try labelValue["doc"].map { v throws(GraphError) in try string(v, "a description") } ?? "",
                    properties: try properties(labelValue["properties"], owner: "edge label `\(name)`")))
        }
        var links: [LinkSchema] = []
        for linkValue in try array(
            value["links"] ?? JSONValue(offset: value.offset, content: .array([])), "the list of links")
        {
            let kind = try string(try member("kind", of: linkValue, "a link"), "the kind of a link")
            let name = try string(try member("name", of: linkValue, "a link"), "the name of a link")
            let directionText = try string(try member("direction", of: linkValue, "link `\(name)`"), "a direction")
            guard let direction = Direction(rawValue: directionText), direction != .both else {
                throw error("link `\(name)`: direction must be `out` or `in`", at: linkValue)
            }
            guard case .bool(let single) = try member("single", of: linkValue, "link `\(name)`").content else {
                throw error("link `\(name)`: `single` must be true or false", at: linkValue)
            }
            links.append(
                LinkSchema(
                    kind: kind, name: name,
                    label: try string(try member("label", of: linkValue, "link `\(name)`"), "a label"),
                    direction: direction, isSingleValued: single))
        }
        do {
            return try Schema(kinds: kinds, edgeLabels: labels, links: links)
        } catch {
            throw self.error(error.message, at: value)
        }
    }

    private mutating func kind(_ value: JSONValue) throws(GraphError) -> KindSchema {
        let name = try string(try member("name", of: value, "a kind"), "a kind name")
        do {
            return try KindSchema(
                name: name,
                plural: try string(try member("plural", of: value, "kind `\(name)`"), "a plural"),
                doc: try value["doc"].map { v throws(GraphError) in try string(v, "a description") } ?? "",
                properties: try properties(value["properties"], owner: "kind `\(name)`"),
                display: try value["display"].map { v throws(GraphError) in try strings(v, "the displayed properties") }
                    ?? [],
                timeProperty: try value["time"].map { v throws(GraphError) in try string(v, "the time property") })
        } catch let failure where failure.location == nil {
            throw error(failure.message, at: value)
        }
    }

    private mutating func properties(_ value: JSONValue?, owner: String) throws(GraphError) -> [PropertySchema] {
        guard let value else { return [] }
        var result: [PropertySchema] = []
        for propertyValue in try array(value, "the properties of \(owner)") {
            let name = try string(try member("name", of: propertyValue, "a property of \(owner)"), "a property name")
            let typeValue = try member("type", of: propertyValue, "property `\(name)`")
            let typeName = try string(typeValue, "a type")
            guard let type = ValueType(rawValue: typeName), type != .node else {
                throw error(
                    "property `\(name)` of \(owner) has unknown type `\(typeName)`", at: typeValue,
                    hint: "types are "
                        + ValueType.allCases.filter { $0 != .node }.map(\.rawValue).joined(separator: ", "))
            }
            let doc = try propertyValue["doc"].map { v throws(GraphError) in try string(v, "a description") } ?? ""
            result.append(PropertySchema(name: name, type: type, doc: doc))
        }
        return result
    }
}

extension JSONText {
    /// The schema as a JSON object, one kind or label per line.
    static func schema(_ schema: Schema) -> String {
        func properties(_ list: [PropertySchema]) -> String {
            "["
                + list.map {
                    "{\"name\": \(quote($0.name)), \"type\": \(quote($0.type.rawValue)), \"doc\": \(quote($0.doc))}"
                }
                .joined(separator: ", ") + "]"
        }
        let kinds = schema.kinds.map { kind in
            var text = "{\"name\": \(quote(kind.name)), \"plural\": \(quote(kind.plural)), \"doc\": \(quote(kind.doc))"
            text += ", \"display\": \(strings(kind.display))"
            if let time = kind.timeProperty { text += ", \"time\": \(quote(time))" }
            return text + ", \"properties\": \(properties(kind.properties))}"
        }
        let labels = schema.edgeLabels.map { label in
            "{\"label\": \(quote(label.name)), \"from\": \(strings(label.from)), \"to\": \(strings(label.to)), "
                + "\"doc\": \(quote(label.doc)), \"properties\": \(properties(label.properties))}"
        }
        let links = schema.links.map { link in
            "{\"kind\": \(quote(link.kind)), \"name\": \(quote(link.name)), \"label\": \(quote(link.label)), "
                + "\"direction\": \(quote(link.direction.rawValue)), \"single\": \(link.isSingleValued)}"
        }
        return "{\n  \"kinds\": [\n    " + kinds.joined(separator: ",\n    ") + "\n  ],\n  \"edges\": [\n    "
            + labels.joined(separator: ",\n    ") + "\n  ],\n  \"links\": [\n    " + links.joined(separator: ",\n    ")
            + "\n  ]\n}"
    }
}
