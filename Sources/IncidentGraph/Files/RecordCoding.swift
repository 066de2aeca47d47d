import Spelling

/// Reading node and edge records, the lines of a graph file, into a ``GraphBuilder``.
///
/// A node record is an object with `id` and `kind`; an edge record has `from`, `to` and
/// `label`. Both carry `provenance` (`reported` needs `sources` and `status`); every other
/// member is a property checked against the schema.
extension JSONFields {

    mutating func addRecord(_ record: JSONValue, to builder: inout GraphBuilder) throws(GraphError) {
        try decode(record, schema: builder.schema).add(to: &builder, locator: &locator)
    }

    /// A record read and checked against the schema, ready for a builder: the part of reading
    /// a file that needs no other record, so it can run apart from building.
    mutating func decode(_ record: JSONValue, schema: Schema) throws(GraphError) -> DecodedRecord {
        let members = try object(record, "a node or an edge")
        for member in members {
            switch member.key {
            case "kind": return try decodeNode(record, members, schema: schema)
            case "label": return try decodeEdge(record, members, schema: schema)
            default: continue
            }
        }
        throw error("a record needs `kind` (a node) or `label` (an edge)", at: record)
    }

    private mutating func decodeNode(
        _ record: JSONValue, _ members: [JSONValue.Member], schema: Schema
    ) throws(GraphError) -> DecodedRecord {
        let id = try string(try member("id", of: record, "a node"), "the node id")
        let kindValue = try member("kind", of: record, "node `\(id)`")
        let kindName = try string(kindValue, "the node kind")
        let (kindPosition, kind) = try kindNamed(kindName, at: kindValue, schema: schema, node: id)
        var values = [Value](repeating: .null, count: kind.properties.count)
        for member in members {
            switch member.key {
            case "id", "kind", "provenance", "sources", "status": continue
            default: break
            }
            guard let position = kind.properties.firstIndex(where: { $0.name == member.key }) else {
                throw error(
                    "kind `\(kind.name)` has no property `\(member.key)`", at: member.value,
                    hint: Spelling.suggestion(for: member.key, among: kind.properties.map(\.name))
                        .map { "did you mean `\($0)`?" } ?? "the schema of `\(kind.name)` lists its properties")
            }
            values[position] = try value(member.value, as: kind.properties[position].type, property: member.key)
        }
        let provenance = try provenance(of: record, "node `\(id)`")
        return .node(id: id, kindPosition: kindPosition, values: values, provenance: provenance, offset: record.offset)
    }

    private mutating func decodeEdge(
        _ record: JSONValue, _ members: [JSONValue.Member], schema: Schema
    ) throws(GraphError) -> DecodedRecord {
        // One pass over the members: an edge line is read millions of times in a large file.
        var labelValue: JSONValue?
        var fromValue: JSONValue?
        var toValue: JSONValue?
        var extra: [JSONValue.Member] = []
        for member in members {
            switch member.key {
            case "label": labelValue = member.value
            case "from": fromValue = member.value
            case "to": toValue = member.value
            case "provenance", "sources", "status": break
            default: extra.append(member)
            }
        }
        guard let labelValue else { throw error("an edge has no `label`", at: record) }
        let labelName = try string(labelValue, "the edge label")
        guard let fromValue else { throw error("edge `\(labelName)` has no `from`", at: record) }
        guard let toValue else { throw error("edge `\(labelName)` has no `to`", at: record) }
        let from = try string(fromValue, "the id the edge starts at")
        let to = try string(toValue, "the id the edge ends at")
        let labelPosition = try labelNamed(labelName, at: labelValue, schema: schema)
        var properties: [String: Value] = [:]
        for member in extra {
            let label = schema.edgeLabels[labelPosition]
            guard let property = label.properties.first(where: { $0.name == member.key }) else {
                throw error("edge label `\(label.name)` has no property `\(member.key)`", at: member.value)
            }
            properties[member.key] = try value(member.value, as: property.type, property: member.key)
        }
        let provenance = try provenance(of: record, "edge `\(from)` -[\(labelName)]-> `\(to)`")
        return .edge(
            from: from, to: to, labelPosition: labelPosition, properties: properties, provenance: provenance,
            offset: record.offset)
    }

    /// The kind with a name, remembering the last one: records of one kind come in runs.
    private mutating func kindNamed(
        _ name: String, at value: JSONValue, schema: borrowing Schema, node: String
    ) throws(GraphError) -> (Int, KindSchema) {
        if let last = lastKind, last.kind.name == name { return last }
        guard let position = schema.kindPosition(of: name) else {
            throw error(
                "node `\(node)` has unknown kind `\(name)`", at: value,
                hint: Spelling.suggestion(for: name, among: schema.kinds.map(\.name)).map { "did you mean `\($0)`?" })
        }
        lastKind = (position, schema.kinds[position])
        return (position, schema.kinds[position])
    }

    /// The edge label with a name, remembering the last one.
    private mutating func labelNamed(
        _ name: String, at value: JSONValue, schema: borrowing Schema
    ) throws(GraphError) -> Int {
        if let last = lastLabel, last.name == name { return last.position }
        guard let position = schema.labelPosition(of: name) else {
            throw error(
                "unknown edge label `\(name)`", at: value,
                hint: Spelling.suggestion(for: name, among: schema.edgeLabels.map(\.name)).map {
                    "did you mean `\($0)`?"
                })
        }
        lastLabel = (name, position)
        return position
    }

    private mutating func provenance(of record: JSONValue, _ what: @autoclosure () -> String) throws(GraphError)
        -> Provenance
    {
        let originValue = try member("provenance", of: record, what())
        if case .string("synthetic") = originValue.content { return .synthetic }
        let originText = try string(originValue, "the provenance")
        guard let origin = Provenance.Origin(rawValue: originText) else {
            throw error(
                "\(what()): provenance must be one of "
                    + Provenance.Origin.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
                    + ", found \(originText.debugDescription)",
                at: originValue)
        }
        guard origin != .synthetic else { return .synthetic }
        // Reported facts must cite and grade themselves; imported and observed records may.
        guard origin == .reported || record["sources"] != nil else {
            return Provenance(origin: origin, sources: [], status: try optionalStatus(of: record, what()))
        }
        let sourcesValue = try member("sources", of: record, "\(origin.rawValue) \(what())")
        let sources = try strings(sourcesValue, "the source keys")
        guard !sources.isEmpty || origin != .reported else {
            throw error(
                "reported \(what()) cites no source", at: sourcesValue,
                hint: "every reported fact names the `source` nodes it rests on")
        }
        guard origin == .reported else {
            return Provenance(origin: origin, sources: sources, status: try optionalStatus(of: record, what()))
        }
        let statusValue = try member("status", of: record, "reported \(what())")
        let statusText = try string(statusValue, "the status")
        guard let status = Provenance.Status(rawValue: statusText) else {
            throw error(
                "\(what()): status must be one of \(Provenance.Status.allCases.map(\.rawValue).joined(separator: ", "))",
                at: statusValue)
        }
        return .reported(sources: sources, status: status)
    }

    /// The `status` of an imported or observed record, if it has one.
    private mutating func optionalStatus(of record: JSONValue, _ what: @autoclosure () -> String) throws(GraphError)
        -> Provenance.Status?
    {
        guard let statusValue = record["status"] else { return nil }
        let statusText = try string(statusValue, "the status")
        guard let status = Provenance.Status(rawValue: statusText) else {
            throw error(
                "\(what()): status must be one of \(Provenance.Status.allCases.map(\.rawValue).joined(separator: ", "))",
                at: statusValue)
        }
        return status
    }
}

/// JSON text built as UTF-8 bytes: writing millions of records through `String`
/// concatenation costs several times more.
package struct JSONBytes {
    /// The text so far.
    package private(set) var bytes: [UInt8] = []

    package init() {}

    /// Appends text that needs no escaping (punctuation, a number).
    package mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends text as it is.
    package mutating func append(raw text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string literal; non-ASCII text (Japanese) is written as is, not escaped.
    package mutating func appendQuoted(_ text: String) {
        var text = text  // its UTF-8 read in place: exports quote millions of texts
        text.withUTF8 { appendQuoted(utf8: $0) }
    }

    private mutating func appendQuoted(utf8 text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        if !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case ..<0x20:
                append("\\u00")
                let digits: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A property value as a graph file writes it: instants, dates and durations as text.
    package mutating func append(_ value: Value) {
        switch value {
        case .null: append("null")
        case .bool(let flag): flag ? append("true") : append("false")
        case .int(let number): append(raw: String(number))
        case .double(let number): number.isFinite ? append(raw: String(number)) : append("null")
        case .string(let text): appendQuoted(text)
        case .instant(let instant): appendQuoted(instant)
        case .date(let day): appendQuoted(day.iso8601)
        case .duration(let span): appendQuoted(span.text)
        case .node(let node): appendQuoted(node.id)
        case .list(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { append(", ") }
                append(element)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    /// An instant as a quoted ISO 8601 string, written digit by digit (the same text as
    /// ``Instant/iso8601``, without building intermediate strings).
    mutating func appendQuoted(_ instant: Instant) {
        let (year, month, day) = instant.day.components
        let milliseconds = Int(instant.millisecondOfDay)
        let seconds = milliseconds / 1000
        bytes.append(UInt8(ascii: "\""))
        appendDigits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(seconds / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(seconds / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(seconds % 60, 2)
        if milliseconds % 1000 != 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(milliseconds % 1000, 3)
        }
        append("Z\"")
    }

    /// A non-negative number zero-padded to at least `width` digits.
    private mutating func appendDigits(_ number: Int, _ width: Int) {
        var digits: [UInt8] = []
        var rest = number
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        for _ in digits.count..<max(width, digits.count) { bytes.append(UInt8(ascii: "0")) }
        bytes.append(contentsOf: digits.reversed())
    }

    /// A node as one JSON object: identity, properties in order, then provenance.
    mutating func append(_ node: NodeRecord) {
        append("{\"id\": ")
        appendQuoted(node.id)
        append(", \"kind\": ")
        appendQuoted(node.kind)
        appendProperties(node.properties)
        append(node.provenance)
        bytes.append(UInt8(ascii: "}"))
    }

    /// An edge as one JSON object.
    mutating func append(_ edge: EdgeRecord) {
        append("{\"from\": ")
        appendQuoted(edge.from)
        append(", \"to\": ")
        appendQuoted(edge.to)
        append(", \"label\": ")
        appendQuoted(edge.label)
        appendProperties(edge.properties)
        append(edge.provenance)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Empties the text, keeping its storage.
    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    private mutating func appendProperties(_ properties: [(name: String, value: Value)]) {
        for (name, value) in properties where !value.isNull {
            append(", ")
            appendQuoted(name)
            append(": ")
            append(value)
        }
    }

    private mutating func append(_ provenance: Provenance) {
        append(", \"provenance\": ")
        appendQuoted(provenance.origin.rawValue)
        guard provenance.origin != .synthetic else { return }
        if provenance.origin == .reported || !provenance.sources.isEmpty {
            append(", \"sources\": [")
            for (index, source) in provenance.sources.enumerated() {
                if index > 0 { append(", ") }
                appendQuoted(source)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        if let status = provenance.status {
            append(", \"status\": ")
            appendQuoted(status.rawValue)
        }
    }
}
