import IncidentGraph

/// The STIX 2.1 object each kind of node becomes.
enum StixObjects {
    /// Whether a node's object refers to other exported objects (so it is made last): sources
    /// (reports), events and assets (notes), phases (groupings), and lures known only by their
    /// theme (notes on who used them: no message or file is known to describe).
    static func refersToOthers(_ node: NodeID, in graph: IncidentGraph) -> Bool {
        switch graph.kindName(of: node) {
        case "source", "event", "asset", "phase": true
        case "lure": ["subject", "file_name", "attachment"].allSatisfy { graph.value($0, of: node).isNull }
        default: false
        }
    }

    /// Whether an object is a cyber observable (no `created_by_ref`, labels or confidence).
    static func isObservable(_ object: [String: Any]) -> Bool {
        ["email-message", "file"].contains(object["type"] as? String ?? "")
    }

    /// The STIX object for a node that stands on its own, or nil for kinds STIX has none for.
    static func object(for node: NodeID, in graph: IncidentGraph, dates: StixDates) -> [String: Any]? {
        func text(_ property: String) -> String? { graph.value(property, of: node).stringValue }
        let name = text("name") ?? graph.id(of: node)
        let described = text("summary").map { ["description": $0] } ?? [:]
        let date = dates.date(of: node)
        func make(_ type: String, _ fields: [String: Any]) -> [String: Any] {
            common(type, id: id(type, node, in: graph), date: date) + fields + described
        }
        switch graph.kindName(of: node) {
        case "actor": return make("intrusion-set", ["name": name] + aliases(node, in: graph))
        case "campaign":
            var fields: [String: Any] = ["name": name]
            if case .date(let start) = graph.value("start", of: node) {
                fields["first_seen"] = StixDates.start(of: start)
            }
            if case .date(let end) = graph.value("end", of: node) { fields["last_seen"] = StixDates.end(of: end) }
            if let precision = text("window_precision") { fields["x_kagami_window_precision"] = precision }
            return make("campaign", fields + aliases(node, in: graph))
        case "malware": return make("malware", ["name": name, "is_family": true] + aliases(node, in: graph))
        case "tool": return make("tool", ["name": name])
        case "technique":
            guard let attackID = text("attack_id") else { return nil }
            return make(
                "attack-pattern",
                ["name": name, "external_references": [["source_name": "mitre-attack", "external_id": attackID]]])
        case "vulnerability":
            let cve = text("cve") ?? name
            return make(
                "vulnerability", ["name": cve, "external_references": [["source_name": "cve", "external_id": cve]]])
        case "org":
            var fields: [String: Any] = ["name": name, "identity_class": "organization"]
            if let caveat = text("caveat") { fields["x_kagami_caveat"] = caveat }
            return make("identity", fields)
        case "sector": return make("identity", ["name": name, "identity_class": "class"])
        case "country":
            guard let iso = text("iso") else { return nil }
            return make("location", ["name": name, "country": iso])
        case "incident":
            var fields: [String: Any] = ["name": name]
            if case .instant(let instant) = graph.value("ts", of: node) {
                // An incident has no time in STIX: the window the data gives it, to its precision.
                let precision = text("ts_precision") ?? "second"
                fields["x_kagami_first_seen"] = StixDates.timestamp(instant)
                fields["x_kagami_last_seen"] = StixDates.end(of: instant, precision: precision)
                fields["x_kagami_ts_precision"] = precision
            }
            for property in ["vector", "outcome"] {
                if let value = text(property) { fields["x_kagami_" + property] = value }
            }
            return make("incident", fields)
        case "lure":
            // A subject is an e-mail message; a file name alone a file.
            guard let subject = text("subject") else {
                guard let file = text("file_name") ?? text("attachment") else { return nil }
                return common(observable: "file", id: id("file", node, in: graph)) + ["name": file]
                    + lureFields(node, in: graph)
            }
            return common(observable: "email-message", id: id("email-message", node, in: graph)) + [
                "is_multipart": false, "subject": subject,
            ] + lureFields(node, in: graph)
        default: return nil
        }
    }

    /// The object for a node that refers to others: a `note` for an event, an asset or a lure
    /// known only by its theme, a `grouping` for a phase.
    static func context(for node: NodeID, referring referred: [String], in graph: IncidentGraph, dates: StixDates)
        -> [String: Any]?
    {
        func text(_ property: String) -> String? { graph.value(property, of: node).stringValue }
        let name = text("name") ?? graph.id(of: node)
        switch graph.kindName(of: node) {
        case "lure":
            let theme = text("theme") ?? graph.id(of: node)
            return common("note", id: id("note", node, in: graph), date: dates.date(of: node)) + [
                "abstract": "lure: \(theme)",
                "content": "a lure of theme \(theme); no subject or file name was reported",
                "object_refs": referred,
            ] + lureFields(node, in: graph)
        case "event", "asset":
            var content = [text("summary")].compactMap { $0 }
            if case .int(let count) = graph.value("count", of: node) {
                content.insert(
                    [text("count_qualifier"), String(count), text("unit")].compactMap { $0 }.joined(separator: " "),
                    at: 0)
            }
            if case .date(let day) = graph.value("date", of: node) {
                content.insert("date: \(day.iso8601) (precision: \(text("date_precision") ?? "day"))", at: 0)
            }
            return common("note", id: id("note", node, in: graph), date: dates.date(of: node)) + [
                "abstract": name, "content": content.isEmpty ? name : content.joined(separator: "; "),
                "object_refs": referred,
            ]
        case "phase":
            return common("grouping", id: id("grouping", node, in: graph), date: dates.date(of: node)) + [
                "name": name, "context": "suspicious-activity", "object_refs": referred,
            ]
        default: return nil
        }
    }

    /// A source as a `report` whose `object_refs` are the facts citing it.
    static func report(for node: NodeID, citing: [String], in graph: IncidentGraph, dates: StixDates) -> [String: Any] {
        let title = graph.value("title", of: node).stringValue ?? graph.id(of: node)
        var reference: [String: Any] = ["source_name": graph.value("key", of: node).stringValue ?? graph.id(of: node)]
        if let url = graph.value("url", of: node).stringValue { reference["url"] = url }
        if let locator = graph.value("locator", of: node).stringValue { reference["description"] = locator }
        var object =
            common("report", id: id("report", node, in: graph), date: dates.date(of: node)) + [
                "name": title, "report_types": ["threat-report"], "object_refs": citing,
                "external_references": [reference],
            ]
        if let published = dates.published(node) {
            object["published"] = published
        } else {
            object["published"] = dates.bundleDate
            object["x_kagami_published_unknown"] = true
        }
        return object
    }

    static func common(_ type: String, id: String, date: String) -> [String: Any] {
        ["type": type, "spec_version": "2.1", "id": id, "created": date, "modified": date]
    }

    private static func common(observable type: String, id: String) -> [String: Any] {
        ["type": type, "spec_version": "2.1", "id": id]
    }

    private static func id(_ type: String, _ node: NodeID, in graph: IncidentGraph) -> String {
        type + "--" + NameBasedUUID.make(namespace: StixWriter.namespace, name: graph.id(of: node))
    }

    private static func aliases(_ node: NodeID, in graph: IncidentGraph) -> [String: Any] {
        guard case .list(let names) = graph.value("aliases", of: node), !names.isEmpty else { return [:] }
        return ["aliases": names.map(\.displayText)]
    }

    private static func lureFields(_ node: NodeID, in graph: IncidentGraph) -> [String: Any] {
        var fields: [String: Any] = [:]
        for property in ["subject_en", "theme", "language", "attachment", "file_name", "delivery", "cue"] {
            if let value = graph.value(property, of: node).stringValue { fields["x_kagami_" + property] = value }
        }
        return fields
    }

    /// STIX's relationship vocabulary where it fits, `related-to` elsewhere.
    static func relationshipType(_ label: String, to target: String) -> String {
        switch label {
        case "attributed_to" where target.hasPrefix("intrusion-set--"): "attributed-to"
        case "targeted", "exploited": "targets"
        case "uses_technique", "used_malware", "used_tool": "uses"
        case "located_in": "located-at"
        default: "related-to"
        }
    }
}
