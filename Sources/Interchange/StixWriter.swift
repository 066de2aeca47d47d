import Foundation
import IncidentGraph

/// A STIX 2.1 bundle of nodes and the edges among them, with their provenance (see
/// ``StixProvenance``). Ids are name-based UUIDs of the Kagami ids, so exporting twice gives
/// the same bundle.
///
/// Sources become `report` objects whose `object_refs` are the facts citing them; lures
/// become `email-message` (a subject) or `file` (a file name) observables, or `note`s when
/// known only by theme; events and assets become `note`s on what they concern; phases
/// `grouping`s of their campaigns and incidents.
/// What STIX cannot hold is counted in the loss report: a node whose STIX object would refer
/// to nothing exported (a source no exported fact cites, an event about nothing exported).
public enum StixWriter {
    /// What was written and what was left out.
    public struct Export: Sendable {
        /// The bundle's JSON.
        public let json: String
        /// STIX objects other than relationships, the exporting identity and the marking.
        public let objects: Int
        /// Relationships.
        public let relationships: Int
        /// Nodes left out, by kind, with why.
        public let leftOut: [String: Int]
    }

    /// STIX's namespace for deterministic identifiers.
    static let namespace = NameBasedUUID.bytes(of: "00abedb4-aa42-466c-9c01-fed23315a9b7")

    /// The bundle of `nodes` (in graph order, each once) and the edges among them; nil when
    /// `isCancelled` says stop (asked every 1,024 nodes: Ctrl-C during a large export).
    public static func bundle(
        of nodes: [NodeID], in graph: IncidentGraph, isCancelled: () -> Bool = { false }
    ) -> Export? {
        var writer = Writer(graph: graph, nodes: Set(nodes).sorted())
        return writer.export(isCancelled: isCancelled)
    }

    /// One export under way.
    private struct Writer {
        let graph: IncidentGraph
        let nodes: [NodeID]
        let dates: StixDates
        let creator: String
        let markingID: String
        /// Each object as it appears in the bundle's `objects` (pretty-printed, indented), made
        /// when the object is added: the bundle is never one tree of dictionaries (10^5
        /// incidents took 6 GB and 164 s that way).
        var objectTexts: [String] = []
        var objectIDs: [String] = []
        var stixIDs: [NodeID: String] = [:]
        /// Exported object and relationship ids citing each source key.
        var citing: [String: [String]] = [:]
        var leftOut: [String: Int] = [:]
        var relationships = 0
        var usesMarking = false

        init(graph: IncidentGraph, nodes: [NodeID]) {
            self.graph = graph
            self.nodes = nodes
            dates = StixDates(graph: graph)
            creator = "identity--" + NameBasedUUID.make(namespace: namespace, name: "kagami")
            markingID =
                "marking-definition--" + NameBasedUUID.make(namespace: namespace, name: "kagami-synthetic")
        }

        mutating func export(isCancelled: () -> Bool) -> Export? {
            // The nodes are gone through four times; every 1,024 of them, ask whether to stop.
            var visited = 0
            func stop() -> Bool {
                visited += 1
                return visited % 1024 == 0 && isCancelled()
            }
            // First the objects that stand on their own, so that the others can refer to them.
            for node in nodes where !StixObjects.refersToOthers(node, in: graph) {
                if stop() { return nil }
                guard var object = StixObjects.object(for: node, in: graph, dates: dates) else {
                    leftOut["\(graph.kindName(of: node)) (no STIX object)", default: 0] += 1
                    continue
                }
                add(&object, node: node, provenance: graph.provenance(of: node))
            }
            guard relateAll(involvingContext: false, stop: stop) else { return nil }
            for node in nodes where StixObjects.refersToOthers(node, in: graph) {
                if stop() { return nil }
                let kind = graph.kindName(of: node)
                let referred = referredObjects(of: node)
                guard !referred.isEmpty,
                    var object = StixObjects.context(for: node, referring: referred, in: graph, dates: dates)
                else {
                    if kind != "source" { leftOut["\(kind) (about nothing exported)", default: 0] += 1 }
                    continue
                }
                add(&object, node: node, provenance: graph.provenance(of: node))
            }
            // The edges of notes and groupings too, so that an import gets them back as edges.
            guard relateAll(involvingContext: true, stop: stop) else { return nil }
            for node in nodes where graph.kindName(of: node) == "source" { report(node) }
            var head: [[String: Any]] = [
                StixObjects.common("identity", id: creator, date: dates.bundleDate)
                    + ["name": "Kagami export", "identity_class": "system"]
            ]
            if usesMarking {
                head.append(StixProvenance.syntheticMarking(namespace: namespace, created: dates.bundleDate))
            }
            let headTexts = head.map(Self.text(ofObject:))
            let ids = head.compactMap { $0["id"] as? String } + objectIDs
            let bundleID = "bundle--" + NameBasedUUID.make(namespace: namespace, name: ids.joined())
            // As JSONSerialization lays out {"id", "objects", "type"} with sorted keys, pretty-printed.
            var json = "{\n  \"id\" : \"\(bundleID)\",\n  \"objects\" : [\n"
            json += (headTexts + objectTexts).joined(separator: ",\n")
            json += "\n  ],\n  \"type\" : \"bundle\"\n}\n"
            return Export(
                json: json, objects: objectTexts.count - relationships,
                relationships: relationships, leftOut: leftOut)
        }

        /// Adds an object with its provenance, remembering which sources it cites.
        private mutating func add(_ object: inout [String: Any], node: NodeID?, provenance: Provenance) {
            let id = object["id"] as? String ?? ""
            let observable = StixObjects.isObservable(object)
            object +=
                observable
                ? StixProvenance.observableProperties(provenance, markingID: markingID)
                : StixProvenance.properties(provenance, markingID: markingID) + ["created_by_ref": creator]
            if let node {
                object["x_kagami_id"] = graph.id(of: node)
                object["x_kagami_kind"] = graph.kindName(of: node)
                stixIDs[node] = id
            }
            usesMarking = usesMarking || provenance.isSynthetic
            for key in provenance.sources { citing[key, default: []].append(id) }
            objectIDs.append(id)
            objectTexts.append(Self.text(ofObject: object))
        }

        /// An object pretty-printed with sorted keys and indented to its place in the bundle's
        /// `objects` array (two levels deep).
        static func text(ofObject object: [String: Any]) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n")
        }

        /// Relationships for the edges among the exported nodes: those between objects that stand
        /// on their own, or those touching a note or grouping.
        private mutating func relateAll(involvingContext: Bool, stop: () -> Bool) -> Bool {
            for node in nodes {
                if stop() { return false }
                for edgeID in graph.edges(at: node, direction: .out) {
                    let edge = graph.edge(edgeID)
                    let context =
                        StixObjects.refersToOthers(edge.from, in: graph)
                        || StixObjects.refersToOthers(edge.to, in: graph)
                    if context == involvingContext { relate(edge) }
                }
            }
            return true
        }

        /// A relationship for an edge between two exported objects.
        private mutating func relate(_ edge: Edge) {
            guard let source = stixIDs[edge.from], let target = stixIDs[edge.to], edge.label != "reported_by" else {
                return
            }
            let id = "relationship--" + NameBasedUUID.make(namespace: namespace, name: source + edge.label + target)
            var object =
                StixObjects.common("relationship", id: id, date: dates.date(of: edge.provenance)) + [
                    "relationship_type": StixObjects.relationshipType(edge.label, to: target), "source_ref": source,
                    "target_ref": target, "x_kagami_label": edge.label,
                ]
            if let note = edge.properties["note"]?.stringValue { object["description"] = note }
            add(&object, node: nil, provenance: edge.provenance)
            relationships += 1
        }

        /// The exported objects a context node (event, asset, phase) is about.
        private func referredObjects(of node: NodeID) -> [String] {
            var referred: [String] = []
            for direction in [Direction.out, .in] {
                for neighbour in graph.neighbours(of: node, direction: direction)
                where graph.kindName(of: neighbour) != "source" {
                    if let id = stixIDs[neighbour], !referred.contains(id) { referred.append(id) }
                }
            }
            return referred
        }

        /// A source as a `report` of the exported facts that cite it.
        private mutating func report(_ node: NodeID) {
            let key = graph.id(of: node)
            guard let cited = citing[key], !cited.isEmpty else {
                leftOut["source (cites nothing exported)", default: 0] += 1
                return
            }
            var object = StixObjects.report(for: node, citing: cited, in: graph, dates: dates)
            add(&object, node: node, provenance: graph.provenance(of: node))
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    static func + (lhs: [String: Any], rhs: [String: Any]) -> [String: Any] {
        lhs.merging(rhs) { $1 }
    }

    static func += (lhs: inout [String: Any], rhs: [String: Any]) {
        lhs.merge(rhs) { $1 }
    }
}
