import Foundation

/// Checks a scanned flat record (``FlatRecord``) against the schema and adds it to a chunk,
/// matching member names and reading values where their bytes lie.
///
/// It decodes a record only when the general reader (``JSONFields``) would accept it with the
/// same result; for anything else — an unknown name, a value of the wrong type, a repeated
/// `id`, a `reported` record with its sources — it declines, and the general reader decodes
/// the line or gives its error.
struct FlatRecordDecoder {
    private let kindNames: [[UInt8]]
    private let propertyNames: [[[UInt8]]]
    private let propertyTypes: [[ValueType]]
    private let labelNames: [[UInt8]]
    private let labelProperties: [[(name: String, bytes: [UInt8], type: ValueType)]]
    private static let synthetic = Array(Provenance.Origin.synthetic.rawValue.utf8)
    /// A node's values in schema order, kept between records.
    private var values: [Value] = []
    /// For each kind, each property's texts read so far, shared among equal ones.
    private var texts: [[TextInterner]]

    /// A decoder for records of `schema`.
    init(schema: Schema) {
        kindNames = schema.kinds.map { Array($0.name.utf8) }
        propertyNames = schema.kinds.map { $0.properties.map { Array($0.name.utf8) } }
        propertyTypes = schema.kinds.map { $0.properties.map(\.type) }
        labelNames = schema.edgeLabels.map { Array($0.name.utf8) }
        labelProperties = schema.edgeLabels.map { $0.properties.map { ($0.name, Array($0.name.utf8), $0.type) } }
        texts = schema.kinds.map { $0.properties.map { _ in TextInterner() } }
    }

    /// Adds the record to `chunk`; false (and nothing added) when the general reader must read it.
    mutating func decode(
        _ record: FlatRecord, _ bytes: UnsafeBufferPointer<UInt8>, offset: Int, into chunk: inout DecodedChunk,
        locator: inout Locator
    ) throws(GraphError) -> Bool {
        var special = SpecialMembers()
        for (index, member) in record.members.enumerated() {
            guard special.note(Self.key(of: member, in: bytes), at: index) else { return false }
        }
        switch special.recordKind {
        case .node: return try decodeNode(record, special, bytes, offset: offset, into: &chunk, locator: &locator)
        case .edge: return decodeEdge(record, special, bytes, offset: offset, into: &chunk)
        case nil: return false
        }
    }

    private mutating func decodeNode(
        _ record: FlatRecord, _ special: SpecialMembers, _ bytes: UnsafeBufferPointer<UInt8>, offset: Int,
        into chunk: inout DecodedChunk, locator: inout Locator
    ) throws(GraphError) -> Bool {
        let members = record.members
        guard let id = special.id.flatMap({ Self.text(members[$0], bytes) }),
            let kindMember = special.kind.map({ members[$0] }), case .string = kindMember.token,
            let kind = kindNames.firstIndex(where: { Self.equal(bytes, kindMember.value, $0) }),
            let provenance = provenance(members, special, bytes)
        else { return false }
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: repeatElement(.null, count: propertyTypes[kind].count))
        for (index, member) in members.enumerated() where !special.isReserved(index, in: .node) {
            guard let position = propertyNames[kind].firstIndex(where: { Self.equal(bytes, member.key, $0) }),
                let value = Self.value(member, as: propertyTypes[kind][position], bytes, texts: &texts[kind][position])
            else { return false }
            values[position] = value
        }
        try chunk.appendNode(
            id: id, kindPosition: kind, values: values, provenance: provenance, offset: offset, locator: &locator)
        return true
    }

    private func decodeEdge(
        _ record: FlatRecord, _ special: SpecialMembers, _ bytes: UnsafeBufferPointer<UInt8>, offset: Int,
        into chunk: inout DecodedChunk
    ) -> Bool {
        let members = record.members
        guard let from = special.from.flatMap({ Self.endID(members[$0], bytes) }),
            let to = special.to.flatMap({ Self.endID(members[$0], bytes) }),
            let labelMember = special.label.map({ members[$0] }), case .string = labelMember.token,
            let label = labelNames.firstIndex(where: { Self.equal(bytes, labelMember.value, $0) }),
            let provenance = provenance(members, special, bytes)
        else { return false }
        var properties: [String: Value] = [:]
        var edgeTexts = TextInterner()  // an edge's few properties are not shared
        for (index, member) in members.enumerated() where !special.isReserved(index, in: .edge) {
            guard let property = labelProperties[label].first(where: { Self.equal(bytes, member.key, $0.bytes) }),
                let value = Self.value(member, as: property.type, bytes, texts: &edgeTexts)
            else { return false }
            properties[property.name] = value
        }
        chunk.appendEdge(
            from: from, to: to, labelPosition: label, properties: properties,
            provenance: provenance, offset: offset)
        return true
    }

    /// The provenance of a record that cites no sources: `synthetic`, or `imported` or
    /// `observed` with an optional status.
    private func provenance(
        _ members: [FlatRecord.Member], _ special: SpecialMembers, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> Provenance? {
        guard let originMember = special.provenance.map({ members[$0] }) else { return nil }
        if originMember.token == .string(ascii: true), Self.equal(bytes, originMember.value, Self.synthetic) {
            return .synthetic  // most records of a large file: no string made
        }
        // Another origin: `imported` or `observed` without sources, as the general reader takes them.
        guard special.sources == nil, let origin = Self.text(originMember, bytes).flatMap(Provenance.Origin.init),
            origin == .imported || origin == .observed
        else { return nil }
        guard let statusMember = special.status else { return Provenance(origin: origin, sources: [], status: nil) }
        guard let status = Self.text(members[statusMember], bytes).flatMap(Provenance.Status.init(rawValue:)) else {
            return nil
        }
        return Provenance(origin: origin, sources: [], status: status)
    }

    /// A property value of a declared type, as ``JSONFields/value(_:as:property:)`` reads it;
    /// nil when that would refuse it or needs the text the scan did not keep.
    private static func value(
        _ member: FlatRecord.Member, as type: ValueType, _ bytes: UnsafeBufferPointer<UInt8>,
        texts: inout TextInterner
    ) -> Value? {
        switch (type, member.token) {
        case (_, .null): return .null
        case (.bool, .bool(let flag)): return .bool(flag)
        case (.int, .integer(let number)): return .int(number)
        case (.double, .integer(let number)): return .double(Double(number))
        case (.double, .decimal):
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[member.value]), as: UTF8.self)
            return Double(text).flatMap { $0.isFinite ? .double($0) : nil }
        case (.string, .string):
            return utf8(member, bytes).map { .string(texts.text(UnsafeRawBufferPointer($0))) }
        case (.instant, .string(ascii: true)):
            return Instant(iso8601: UnsafeBufferPointer(rebasing: bytes[member.value])).map(Value.instant)
        case (.date, .string): return text(member, bytes).flatMap { Day(iso8601: $0) }.map(Value.date)
        case (.duration, .string): return text(member, bytes).flatMap { TimeSpan(text: $0) }.map(Value.duration)
        default: return nil
        }
    }

    /// An edge end named by a string member, without making a string; nil for another value
    /// or bytes that are not UTF-8.
    private static func endID(_ member: FlatRecord.Member, _ bytes: UnsafeBufferPointer<UInt8>)
        -> DecodedChunk.EndID?
    {
        utf8(member, bytes).map { _ in DecodedChunk.endID(member.value, of: bytes) }
    }

    /// A string member's text; nil for another value or bytes that are not UTF-8.
    private static func text(_ member: FlatRecord.Member, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        utf8(member, bytes).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A string member's bytes (inside the quotes) when they are UTF-8; nil for another value.
    private static func utf8(_ member: FlatRecord.Member, _ bytes: UnsafeBufferPointer<UInt8>)
        -> UnsafeBufferPointer<UInt8>?
    {
        guard case .string(let ascii) = member.token else { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[member.value])
        return ascii || String(validating: slice, as: UTF8.self) != nil ? slice : nil
    }

    private static func key(of member: FlatRecord.Member, in bytes: UnsafeBufferPointer<UInt8>) -> SpecialMembers.Key? {
        func either(_ first: SpecialMembers.Key, _ second: SpecialMembers.Key? = nil) -> SpecialMembers.Key? {
            if equal(bytes, member.key, SpecialMembers.Key.bytes[first.rawValue]) { return first }
            guard let second, equal(bytes, member.key, SpecialMembers.Key.bytes[second.rawValue]) else { return nil }
            return second
        }
        switch member.key.count {
        case 2: return either(.id, .to)
        case 4: return either(.kind, .from)
        case 5: return either(.label)
        case 6: return either(.status)
        case 7: return either(.sources)
        case 10: return either(.provenance)
        default: return nil
        }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: [UInt8]) -> Bool {
        guard range.count == name.count else { return false }
        return name.withUnsafeBufferPointer { name in
            ShortBytes.equal(bytes.baseAddress! + range.lowerBound, name.baseAddress!, count: name.count)
        }
    }
}

/// Where a record's members with reserved names are, each allowed once; the record is a node
/// or an edge by whichever of `kind` and `label` comes first, as the general reader decides.
private struct SpecialMembers {
    enum Key: Int, CaseIterable {
        case id, kind, provenance, sources, status, from, to, label

        /// Each name's UTF-8 bytes, by raw value.
        static let bytes = allCases.map { Array("\($0)".utf8) }
    }

    enum RecordKind { case node, edge }

    private(set) var id: Int?
    private(set) var kind: Int?
    private(set) var provenance: Int?
    private(set) var sources: Int?
    private(set) var status: Int?
    private(set) var from: Int?
    private(set) var to: Int?
    private(set) var label: Int?
    private(set) var recordKind: RecordKind?

    /// Notes the member at `index`; false when a reserved name comes twice.
    mutating func note(_ key: Key?, at index: Int) -> Bool {
        guard let key else { return true }
        func claim(_ slot: inout Int?) -> Bool {
            guard slot == nil else { return false }
            slot = index
            return true
        }
        switch key {
        case .id: return claim(&id)
        case .kind:
            if recordKind == nil { recordKind = .node }
            return claim(&kind)
        case .label:
            if recordKind == nil { recordKind = .edge }
            return claim(&label)
        case .provenance: return claim(&provenance)
        case .sources: return claim(&sources)
        case .status: return claim(&status)
        case .from: return claim(&from)
        case .to: return claim(&to)
        }
    }

    /// Whether the member at `index` is one the general reader does not take for a property
    /// in a record of this kind (a node may have a property named `from`, an edge one named `id`).
    func isReserved(_ index: Int, in record: RecordKind) -> Bool {
        if index == provenance || index == sources || index == status { return true }
        switch record {
        case .node: return index == id || index == kind
        case .edge: return index == from || index == to || index == label
        }
    }
}
