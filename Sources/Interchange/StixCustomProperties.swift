import IncidentGraph

/// The node and edge properties no STIX field holds, carried as `x_kagami_<name>` members: each
/// value as a graph file writes it (instants, dates and durations as text), read back by the
/// type the schema declares, so that export → import gives every value back — an incident's
/// time, an attribution's confidence, a technique's tactic — not only the names.
enum StixCustomProperties {
    /// Whether provenance and identity use the `x_kagami_*` member of this name (a
    /// relationship's also its edge label): no property is carried under it.
    static func isReserved(_ name: String, relationship: Bool) -> Bool {
        ["id", "kind", "provenance", "status", "sources"].contains(name) || (relationship && name == "label")
    }

    /// The members for the properties (non-null) that `object` does not carry already, and the
    /// names of those that cannot be carried (a reserved name, or one STIX does not allow:
    /// custom property names are lowercase ASCII letters, digits and `_`).
    static func members(
        _ properties: [(name: String, value: Value)], beside object: [String: Any], owner: String, relationship: Bool
    ) -> (members: [String: Any], leftOut: [String]) {
        var members: [String: Any] = [:]
        var leftOut: [String] = []
        for (name, value) in properties where !value.isNull && !carries(object, name, value, kind: owner) {
            let member = "x_kagami_" + name
            guard object[member] == nil else { continue }  // written already, as this property
            guard !isReserved(name, relationship: relationship), member.utf8.count <= 250,
                member.utf8.allSatisfy(isAllowed)
            else {
                leftOut.append(name)
                continue
            }
            members[member] = value
        }
        return (members, leftOut)
    }

    /// The declared properties found among an object's `x_kagami_*` members, and the names of
    /// those whose value does not fit the declared type (not kept).
    static func values(in object: StixObject, declared: [PropertySchema], relationship: Bool) -> (
        values: [String: Value], misfits: [String]
    ) {
        var values: [String: Value] = [:]
        var misfits: [String] = []
        for member in object.members where member.key.hasPrefix("x_kagami_") {
            let name = String(member.key.dropFirst(9))
            guard !isReserved(name, relationship: relationship),
                let property = declared.first(where: { $0.name == name })
            else { continue }
            guard let value = object[member.key]?.value(as: property.type) else {
                misfits.append(name)
                continue
            }
            if !value.isNull { values[name] = value }
        }
        return (values, misfits)
    }

    /// Whether a STIX field of the object holds the value as the reader takes it back
    /// (``StixReader``): the name, title, summary, subject, aliases, an ATT&CK or CVE id, a
    /// source's key and address, an edge's note.
    private static func carries(_ object: [String: Any], _ name: String, _ value: Value, kind: String) -> Bool {
        let text = value.stringValue
        func field(_ field: String) -> Bool { text != nil && object[field] as? String == text }
        let references = object["external_references"] as? [[String: Any]] ?? []
        switch name {
        case "name": return kind != "source" && (field("name") || field("abstract"))
        case "title": return kind == "source" && field("name")
        case "summary", "note": return field("description")
        case "subject": return field("subject")
        case "stix_id": return field("id")  // an imported node exported again under the same id
        case "aliases":
            guard case .list(let names) = value, names.allSatisfy({ $0.stringValue != nil }) else { return false }
            return object["aliases"] as? [String] == names.compactMap(\.stringValue)
        case "attack_id", "cve": return references.contains { $0["external_id"] as? String == text }
        case "key": return kind == "source" && references.first?["source_name"] as? String == text
        case "url": return kind == "source" && references.first?["url"] as? String == text
        default: return false
        }
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "_")
    }
}
