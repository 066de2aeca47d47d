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
        /// STIX objects other than relationships, the exporting identity and the marking.
        public let objects: Int
        /// Relationships.
        public let relationships: Int
        /// Opinions (an analyst's ratings).
        public let opinions: Int
        /// Nodes left out, by kind, with why.
        public let leftOut: [String: Int]
    }

    /// An analyst's judgement about nodes, written as a STIX `opinion` on their objects: how
    /// the ratings of an Analysis of Competing Hypotheses travel with the data.
    public struct Opinion: Sendable {
        /// A name unique in the bundle, from which the opinion's id is made.
        public let key: String
        /// `agree`, `disagree`, `neutral` (STIX's opinion vocabulary).
        public let opinion: String
        /// What was judged and why, in words.
        public let explanation: String
        /// The nodes it is about; those not exported are left out of its `object_refs`.
        public let about: [NodeID]
        /// Custom properties (`x_kagami_…`).
        public let properties: [String: String]

        /// An opinion.
        public init(key: String, opinion: String, explanation: String, about: [NodeID], properties: [String: String]) {
            self.key = key
            self.opinion = opinion
            self.explanation = explanation
            self.about = about
            self.properties = properties
        }
    }

    /// STIX's namespace for deterministic identifiers.
    static let namespace = NameBasedUUID.bytes(of: "00abedb4-aa42-466c-9c01-fed23315a9b7")

    /// Writes the bundle of `nodes` (in graph order, each once) and the edges among them as
    /// JSON text, handed to `output` in pieces of about a megabyte as it is made; nil when
    /// `isCancelled` says stop (asked every 1,024 nodes: Ctrl-C during a large export), and
    /// then what was handed over is not a whole bundle.
    public static func bundle(
        of nodes: [NodeID], in graph: IncidentGraph, opinions: [Opinion] = [], isCancelled: () -> Bool = { false },
        to output: @escaping ([UInt8]) throws(GraphError) -> Void
    ) throws(GraphError) -> Export? {
        var writer = Writer(graph: graph, nodes: Set(nodes).sorted(), output: output)
        return try writer.export(opinions: opinions, isCancelled: isCancelled)
    }

    /// One export under way.
    private struct Writer {
        let graph: IncidentGraph
        let nodes: [NodeID]
        let dates: StixDates
        let creator: String
        let markingID: String
        let output: ([UInt8]) throws(GraphError) -> Void
        /// The bundle's text not yet handed to `output`. Each object is laid out when it is
        /// added: the bundle is never one tree of dictionaries (10^5 incidents took 6 GB and
        /// 164 s that way) nor one text (1.3 GB).
        var text = JSONBytes()
        var objectIDs: [String] = []
        var stixIDs: [NodeID: String] = [:]
        /// Exported object and relationship ids citing each source key.
        var citing: [String: [String]] = [:]
        var leftOut: [String: Int] = [:]
        var relationships = 0
        var laidOut = 0
        var usesMarking = false

        init(graph: IncidentGraph, nodes: [NodeID], output: @escaping ([UInt8]) throws(GraphError) -> Void) {
            self.graph = graph
            self.nodes = nodes
            self.output = output
            dates = StixDates(graph: graph)
            creator = "identity--" + NameBasedUUID.make(namespace: namespace, name: "kagami")
            markingID =
                "marking-definition--" + NameBasedUUID.make(namespace: namespace, name: "kagami-synthetic")
        }

        /// The bundle's keys are written `type`, `objects`, `id` (not sorted: the type first says
        /// what the file is, and the id, a digest of every object's, is known last); the
        /// exporting identity and the marking come after the objects that use them.
        mutating func export(opinions: [Opinion], isCancelled: () -> Bool) throws(GraphError) -> Export? {
            text.append("{\n  \"type\" : \"bundle\",\n  \"objects\" : [")
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
                try add(&object, node: node, provenance: graph.provenance(of: node))
            }
            guard try relateAll(involvingContext: false, stop: stop) else { return nil }
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
                try add(&object, node: node, provenance: graph.provenance(of: node))
            }
            // The edges of notes and groupings too, so that an import gets them back as edges.
            guard try relateAll(involvingContext: true, stop: stop) else { return nil }
            for node in nodes where graph.kindName(of: node) == "source" { try report(node) }
            var opinionsWritten = 0
            for opinion in opinions {
                let refs = opinion.about.compactMap { stixIDs[$0] }
                guard !refs.isEmpty else {
                    leftOut["rating (about nothing exported)", default: 0] += 1
                    continue
                }
                let id = "opinion--" + NameBasedUUID.make(namespace: namespace, name: opinion.key)
                var object =
                    StixObjects.common("opinion", id: id, date: dates.bundleDate) + [
                        "opinion": opinion.opinion, "explanation": opinion.explanation, "object_refs": refs,
                        "created_by_ref": creator,
                    ]
                for (name, value) in opinion.properties { object["x_kagami_" + name] = value }
                objectIDs.append(id)
                try layOut(object)
                opinionsWritten += 1
            }
            var head: [[String: Any]] = [
                StixObjects.common("identity", id: creator, date: dates.bundleDate)
                    + ["name": "Kagami export", "identity_class": "system"]
            ]
            if usesMarking {
                head.append(StixProvenance.syntheticMarking(namespace: namespace, created: dates.bundleDate))
            }
            for object in head { try layOut(object) }
            let ids = objectIDs + head.compactMap { $0["id"] as? String }
            let bundleID = "bundle--" + NameBasedUUID.make(namespace: namespace, name: ids.joined())
            text.append(raw: "\n  ],\n  \"id\" : \"\(bundleID)\"\n}\n")
            try output(text.bytes)
            return Export(
                objects: objectIDs.count - relationships - opinionsWritten, relationships: relationships,
                opinions: opinionsWritten, leftOut: leftOut)
        }

        /// Appends an object to the bundle's `objects`, two levels deep, handing the text over
        /// when a megabyte has gathered.
        private mutating func layOut(_ object: [String: Any]) throws(GraphError) {
            text.append(laidOut == 0 ? "\n" : ",\n")
            laidOut += 1
            PrettyJSON.indent(2, in: &text)
            PrettyJSON.append(object, level: 2, to: &text)
            if text.bytes.count >= 1 << 20 {
                try output(text.bytes)
                text.removeAll()
            }
        }

        /// Adds an object with its provenance, remembering which sources it cites.
        private mutating func add(_ object: inout [String: Any], node: NodeID?, provenance: Provenance)
            throws(GraphError)
        {
            let id = object["id"] as? String ?? ""
            let observable = StixObjects.isObservable(object)
            object +=
                observable
                ? StixProvenance.observableProperties(provenance, markingID: markingID)
                : StixProvenance.properties(provenance, markingID: markingID) + ["created_by_ref": creator]
            if let node {
                let kind = graph.kindName(of: node)
                let declared = graph.schema.kind(named: kind)?.properties ?? []
                carry(
                    declared.map { ($0.name, graph.value($0.name, of: node)) }, into: &object, owner: kind,
                    relationship: false)
                object["x_kagami_id"] = graph.id(of: node)
                object["x_kagami_kind"] = kind
                stixIDs[node] = id
            }
            usesMarking = usesMarking || provenance.isSynthetic
            for key in provenance.sources { citing[key, default: []].append(id) }
            objectIDs.append(id)
            try layOut(object)
        }

        /// Adds the properties no field of the object holds as `x_kagami_*` members; those that
        /// cannot be are counted as left out, by kind or label (`owner`).
        private mutating func carry(
            _ properties: [(name: String, value: Value)], into object: inout [String: Any], owner: String,
            relationship: Bool
        ) {
            let custom = StixCustomProperties.members(
                properties, beside: object, owner: owner, relationship: relationship)
            object += custom.members
            for name in custom.leftOut {
                leftOut["\(owner).\(name) (a property name STIX does not allow)", default: 0] += 1
            }
        }

        /// Relationships for the edges among the exported nodes: those between objects that stand
        /// on their own, or those touching a note or grouping.
        private mutating func relateAll(involvingContext: Bool, stop: () -> Bool) throws(GraphError) -> Bool {
            for node in nodes {
                if stop() { return false }
                for edgeID in graph.edges(at: node, direction: .out) {
                    let edge = graph.edge(edgeID)
                    let context =
                        StixObjects.refersToOthers(edge.from, in: graph)
                        || StixObjects.refersToOthers(edge.to, in: graph)
                    if context == involvingContext { try relate(edge) }
                }
            }
            return true
        }

        /// A relationship for an edge between two exported objects.
        private mutating func relate(_ edge: Edge) throws(GraphError) {
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
            carry(
                edge.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, into: &object,
                owner: edge.label, relationship: true)
            try add(&object, node: nil, provenance: edge.provenance)
            relationships += 1
        }

        /// The exported objects a context node (event, asset, phase) is about.
        private func referredObjects(of node: NodeID) -> [String] {
            var referred: [String] = []
            var seen: Set<String> = []
            for direction in [Direction.out, .in] {
                for neighbour in graph.neighbours(of: node, direction: direction)
                where graph.kindName(of: neighbour) != "source" {
                    if let id = stixIDs[neighbour], seen.insert(id).inserted { referred.append(id) }
                }
            }
            return referred
        }

        /// A source as a `report` of the exported facts that cite it.
        private mutating func report(_ node: NodeID) throws(GraphError) {
            let key = graph.id(of: node)
            guard let cited = citing[key], !cited.isEmpty else {
                leftOut["source (cites nothing exported)", default: 0] += 1
                return
            }
            var object = StixObjects.report(for: node, citing: cited, in: graph, dates: dates)
            try add(&object, node: node, provenance: graph.provenance(of: node))
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
