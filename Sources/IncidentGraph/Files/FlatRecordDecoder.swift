import Foundation

/// Checks a scanned flat record (``FlatRecord``) against the schema and adds it to a chunk,
/// matching member names and reading values where their bytes lie.
///
/// It decodes a record only when the general reader (``JSONFields``) would accept it with the
/// same result; for anything else — an unknown name, a value of the wrong type, a repeated
/// `id`, a `reported` record with its sources — it declines, and the general reader decodes
/// the line or gives its error.
struct FlatRecordDecoder: ~Copyable {
    private let kindNames: [[UInt8]]
    private let propertyNames: [[[UInt8]]]
    /// The type of each property of each kind, kind after kind: a kind's start in
    /// `firstProperty`.
    private let propertyTypes: [ValueType]
    private let firstProperty: [Int]
    private let labelNames: [[UInt8]]
    private let labelProperties: [[(name: String, bytes: [UInt8], type: ValueType)]]
    /// A node's values in schema order, read and checked before any is stored; kept between
    /// records, in memory of its own that storing a value neither counts references to nor
    /// checks is unshared.
    private let stored: UnsafeMutableBufferPointer<StoredValue>
    /// Each property's texts read so far, shared among equal ones, as `propertyTypes` lists
    /// the properties; in memory of its own, as `stored`.
    private let texts: UnsafeMutableBufferPointer<TextInterner>
    /// The kinds' names, then the labels' names, one after the other, in memory of its own: a
    /// plan compares a record's kind or label with its name there (``Plan/name``).
    private let names: UnsafeMutableBufferPointer<UInt8>
    /// Where each kind's name lies in `names`, then each label's.
    private let nameRanges: [Range<Int>]
    /// Plans worked out for the shapes of record read lately (``FlatRecord/shape``).
    private var plans: [Plan] = []
    /// The member giving each property of a plan's kind or label (-1: none), for every plan
    /// kept: each plan's run of entries.
    private var planMembers: [Int] = []
    /// The plan used last: tried first.
    private var lastPlan = 0
    /// Plans kept before they are all dropped: a file has a few shapes of record, a hostile
    /// one may have a new shape per line.
    private static let plansKept = 16
    /// ``IDHash/seed`` and ``Provenance/synthetic``, read once: each read of a static value
    /// checks that it is set, a cost per record otherwise.
    private let idSeed = IDHash.seed
    private let synthetic = Provenance.synthetic

    /// A decoder for records of `schema`.
    init(schema: Schema) {
        kindNames = schema.kinds.map { Array($0.name.utf8) }
        propertyNames = schema.kinds.map { $0.properties.map { Array($0.name.utf8) } }
        propertyTypes = schema.kinds.flatMap { $0.properties.map(\.type) }
        firstProperty = schema.kinds.reduce(into: [0]) { $0.append($0.last! + $1.properties.count) }
        labelNames = schema.edgeLabels.map { Array($0.name.utf8) }
        labelProperties = schema.edgeLabels.map { $0.properties.map { ($0.name, Array($0.name.utf8), $0.type) } }
        texts = .allocate(capacity: propertyTypes.count)
        texts.initialize(repeating: TextInterner())
        stored = .allocate(capacity: schema.kinds.map(\.properties.count).max() ?? 0)
        stored.initialize(repeating: .null)
        let allNames = kindNames + labelNames
        nameRanges = allNames.reduce(into: []) { ranges, name in
            let start = ranges.last?.upperBound ?? 0
            ranges.append(start..<start + name.count)
        }
        names = .allocate(capacity: nameRanges.last?.upperBound ?? 0)
        _ = names.initialize(from: allNames.joined())
    }

    deinit {
        texts.deinitialize().deallocate()
        stored.deinitialize().deallocate()
        names.deallocate()
    }

    /// Adds the record to `chunk`; false (and nothing added) when the general reader must read it.
    mutating func decode(
        _ record: borrowing FlatRecord, _ bytes: UnsafeBufferPointer<UInt8>, offset: Int,
        into chunk: inout DecodedChunk,
        locator: inout Locator
    ) throws(GraphError) -> Bool {
        guard let plan = plan(for: record, bytes) else { return false }
        switch plan.special.recordKind {
        case .node: return try decodeNode(record, plan, bytes, offset: offset, into: &chunk, locator: &locator)
        case .edge: return decodeEdge(record, plan, bytes, offset: offset, into: &chunk)
        case nil: return false
        }
    }

    /// The plan worked out for the record's shape and kind or label, worked out now (and kept)
    /// when there is none; nil when a member is not one the record may have.
    private mutating func plan(for record: borrowing FlatRecord, _ bytes: UnsafeBufferPointer<UInt8>) -> Plan? {
        if lastPlan < plans.count, holds(plans[lastPlan], for: record, bytes) { return plans[lastPlan] }
        if let index = plans.firstIndex(where: { holds($0, for: record, bytes) }) {
            lastPlan = index
            return plans[index]
        }
        if plans.count == Self.plansKept {
            plans.removeAll(keepingCapacity: true)
            planMembers.removeAll(keepingCapacity: true)
        }
        guard let plan = makePlan(record, bytes) else { return nil }
        lastPlan = plans.count
        plans.append(plan)
        return plan
    }

    /// Whether `plan` holds for a record: it has the plan's shape and names its kind or label.
    private func holds(_ plan: Plan, for record: borrowing FlatRecord, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard plan.shape == record.shape, case .string = record.members[plan.nameMember].token else { return false }
        let value = record.members[plan.nameMember].value
        return value.count == plan.name.count
            && ShortBytes.equal(
                bytes.baseAddress! + value.lowerBound, names.baseAddress! + plan.name.lowerBound, count: value.count)
    }

    /// Works out the plan for a record's shape and kind or label, keeping its properties.
    private mutating func makePlan(_ record: borrowing FlatRecord, _ bytes: UnsafeBufferPointer<UInt8>) -> Plan? {
        let members = record.members
        var special = SpecialMembers()
        for (index, member) in members.enumerated() {
            guard special.note(Self.key(of: member, in: bytes), at: index) else { return nil }
        }
        func named(_ member: Int?, in names: [[UInt8]]) -> Int? {
            guard let member = member.map({ members[$0] }), case .string = member.token else { return nil }
            return names.firstIndex { Self.equal(bytes, member.value, $0) }
        }
        let names: [[UInt8]]
        let position: Int
        let nameMember: Int
        let name: Range<Int>
        switch special.recordKind {
        case .node:
            guard let member = special.kind, let kind = named(member, in: kindNames) else { return nil }
            (names, position, nameMember, name) = (propertyNames[kind], kind, member, nameRanges[kind])
        case .edge:
            guard let member = special.label, let label = named(member, in: labelNames) else { return nil }
            (names, position, nameMember, name) =
                (labelProperties[label].map(\.bytes), label, member, nameRanges[kindNames.count + label])
        case nil: return nil
        }
        var propertyMembers = [Int](repeating: -1, count: names.count)
        for (index, member) in members.enumerated() where !special.isReserved(index) {
            // Not a property of the kind or label, or one given twice (the general reader checks each).
            guard let property = names.firstIndex(where: { Self.equal(bytes, member.key, $0) }),
                propertyMembers[property] < 0
            else { return nil }
            propertyMembers[property] = index
        }
        planMembers += propertyMembers
        return Plan(
            shape: record.shape, special: special, position: position, nameMember: nameMember, name: name,
            members: planMembers.count - propertyMembers.count..<planMembers.count)
    }

    private mutating func decodeNode(
        _ record: borrowing FlatRecord, _ plan: Plan, _ bytes: UnsafeBufferPointer<UInt8>, offset: Int,
        into chunk: inout DecodedChunk, locator: inout Locator
    ) throws(GraphError) -> Bool {
        let members = record.members
        let kind = plan.position
        guard let idMember = plan.special.id.map({ members[$0] }), let idBytes = Self.utf8(idMember, bytes),
            let provenance = provenance(members, plan.special, bytes)
        else { return false }
        let first = firstProperty[kind]
        for property in 0..<plan.members.count {
            let member = planMembers[plan.members.lowerBound + property]
            guard member >= 0 else {
                stored[property] = .null
                continue
            }
            guard let value = StoredValue(members[member], as: propertyTypes[first + property], bytes) else {
                return false
            }
            stored[property] = value
        }
        try chunk.appendNode(
            id: UTF8Text.string(checked: idBytes, ascii: idMember.token == .string(ascii: true)),
            hash: IDHash.of(UnsafeRawBufferPointer(idBytes), seed: idSeed),
            kindPosition: kind, provenance: provenance, offset: offset, locator: &locator
        ) { columns in
            for property in columns.indices {
                switch stored[property] {
                case .null: columns[property].appendNull()
                case .bool(let flag): columns[property].append(bool: flag)
                case .integer(let number): columns[property].append(integer: number)
                case .double(let number): columns[property].append(double: number)
                case .text(let range, let ascii):
                    columns[property].append(
                        string: texts[first + property].text(
                            UnsafeBufferPointer(rebasing: bytes[range]), checked: ascii))
                }
            }
        }
        return true
    }

    private func decodeEdge(
        _ record: borrowing FlatRecord, _ plan: Plan, _ bytes: UnsafeBufferPointer<UInt8>, offset: Int,
        into chunk: inout DecodedChunk
    ) -> Bool {
        let members = record.members
        let label = plan.position
        guard let from = plan.special.from.flatMap({ endID(members[$0], bytes) }),
            let to = plan.special.to.flatMap({ endID(members[$0], bytes) }),
            let provenance = provenance(members, plan.special, bytes)
        else { return false }
        var properties = [String: Value]()
        for position in 0..<plan.members.count where planMembers[plan.members.lowerBound + position] >= 0 {
            let member = planMembers[plan.members.lowerBound + position]
            let property = labelProperties[label][position]
            guard let value = StoredValue(members[member], as: property.type, bytes) else { return false }
            properties[property.name] = value.value(as: property.type, bytes)
        }
        chunk.appendEdge(
            from: from, to: to, labelPosition: label, properties: properties,
            provenance: provenance, offset: offset)
        return true
    }

    /// The provenance of a record that cites no sources: `synthetic`, or `imported` or
    /// `observed` with an optional status.
    private func provenance(
        _ members: UnsafeBufferPointer<FlatRecord.Member>, _ special: SpecialMembers,
        _ bytes: UnsafeBufferPointer<UInt8>
    ) -> Provenance? {
        guard let originMember = special.provenance.map({ members[$0] }) else { return nil }
        if case .string(ascii: true) = originMember.token, Self.equal(bytes, originMember.value, "synthetic") {
            return synthetic  // most records of a large file: no string made
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

    /// An edge end named by a string member, without making a string; nil for another value
    /// or bytes that are not UTF-8.
    private func endID(_ member: FlatRecord.Member, _ bytes: UnsafeBufferPointer<UInt8>) -> DecodedChunk.EndID? {
        Self.utf8(member, bytes).map { _ in DecodedChunk.endID(member.value, of: bytes, seed: idSeed) }
    }

    /// A string member's text; nil for another value or bytes that are not UTF-8.
    fileprivate static func text(_ member: FlatRecord.Member, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        utf8(member, bytes).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A string member's bytes (inside the quotes) when they are UTF-8; nil for another value.
    fileprivate static func utf8(_ member: FlatRecord.Member, _ bytes: UnsafeBufferPointer<UInt8>)
        -> UnsafeBufferPointer<UInt8>?
    {
        guard case .string(let ascii) = member.token else { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[member.value])
        return ascii || UTF8Text.isValid(slice) ? slice : nil
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

    /// Whether the bytes `range` are `text`.
    @inline(__always)
    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount
            && ShortBytes.equal(bytes.baseAddress! + range.lowerBound, text.utf8Start, count: range.count)
    }

    /// Whether the bytes `range` are `name`.
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

    /// The member index of each reserved name, by ``Key`` raw value (-1: none): a small plain
    /// value, copied with each plan.
    private var slots = SIMD8<Int32>(repeating: -1)
    private(set) var recordKind: RecordKind?

    var id: Int? { self[.id] }
    var kind: Int? { self[.kind] }
    var provenance: Int? { self[.provenance] }
    var sources: Int? { self[.sources] }
    var status: Int? { self[.status] }
    var from: Int? { self[.from] }
    var to: Int? { self[.to] }
    var label: Int? { self[.label] }

    private subscript(key: Key) -> Int? {
        slots[key.rawValue] < 0 ? nil : Int(slots[key.rawValue])
    }

    /// Notes the member at `index`; false when a reserved name comes twice (or the record has
    /// more members than a plan counts).
    mutating func note(_ key: Key?, at index: Int) -> Bool {
        guard let key else { return true }
        guard self[key] == nil, let slot = Int32(exactly: index) else { return false }
        slots[key.rawValue] = slot
        if recordKind == nil, key == .kind { recordKind = .node }
        if recordKind == nil, key == .label { recordKind = .edge }
        return true
    }

    /// Whether the member at `index` is one the general reader does not take for a property
    /// in a record of this kind (a node may have a property named `from`, an edge one named `id`).
    func isReserved(_ index: Int) -> Bool {
        if index == provenance || index == sources || index == status { return true }
        switch recordKind {
        case .node: return index == id || index == kind
        case .edge: return index == from || index == to || index == label
        case nil: return false
        }
    }
}

/// What the decoder works out once for a shape of record (``FlatRecord/shape``: the same keys
/// in the same order) and a kind or label: where the reserved members are and which property
/// each other member sets. A plain value: the properties are kept by the decoder.
private struct Plan {
    /// The shape it was worked out for.
    let shape: Int
    let special: SpecialMembers
    /// The position of the record's kind (a node) or label (an edge) in the schema.
    let position: Int
    /// The member that names the kind or label, and where that name lies in the decoder's
    /// names.
    let nameMember: Int
    let name: Range<Int>
    /// Its entries in the decoder's list of the member giving each property (-1: none), one per
    /// property of the kind or label.
    let members: Range<Int>
}

/// A property value read from a flat record and checked against its declared type, as a
/// column stores it (an instant as milliseconds, a date as a day number, a duration as
/// seconds); a text is kept as where its bytes lie until the record is stored.
private enum StoredValue {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    /// UTF-8 checked already, or all ASCII when `ascii` says so.
    case text(Range<Int>, ascii: Bool)

    /// A member's value as ``JSONFields/value(_:as:property:)`` reads it for a property of
    /// `type`; nil when that would refuse it or needs the text the scan did not keep.
    init?(_ member: FlatRecord.Member, as type: ValueType, _ bytes: UnsafeBufferPointer<UInt8>) {
        switch (type, member.token) {
        case (_, .null): self = .null
        case (.bool, .bool(let flag)): self = .bool(flag)
        case (.int, .integer(let number)): self = .integer(Int64(number))
        case (.double, .integer(let number)): self = .double(Double(number))
        case (.double, .decimal):
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[member.value]), as: UTF8.self)
            guard let number = Double(text), number.isFinite else { return nil }
            self = .double(number)
        case (.string, .string(let ascii)):
            guard FlatRecordDecoder.utf8(member, bytes) != nil else { return nil }
            self = .text(member.value, ascii: ascii)
        case (.instant, .string(ascii: true)):
            guard let instant = Instant(iso8601: UnsafeBufferPointer(rebasing: bytes[member.value])) else { return nil }
            self = .integer(instant.millisecondsSinceEpoch)
        case (.date, .string):
            guard let day = FlatRecordDecoder.text(member, bytes).flatMap({ Day(iso8601: $0) }) else { return nil }
            self = .integer(Int64(day.daysSinceEpoch))
        case (.duration, .string):
            guard let span = FlatRecordDecoder.text(member, bytes).flatMap({ TimeSpan(text: $0) }) else { return nil }
            self = .integer(span.seconds)
        default: return nil
        }
    }

    /// The value it stands for in a property of `type`.
    func value(as type: ValueType, _ bytes: UnsafeBufferPointer<UInt8>) -> Value {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .double(let number): .double(number)
        case .text(let range, let ascii):
            .string(UTF8Text.string(checked: UnsafeBufferPointer(rebasing: bytes[range]), ascii: ascii))
        case .integer(let number):
            switch type {
            case .instant: .instant(Instant(millisecondsSinceEpoch: number))
            case .date: .date(Day(daysSinceEpoch: Int32(truncatingIfNeeded: number)))
            case .duration: .duration(TimeSpan(seconds: number))
            default: .int(Int(number))
            }
        }
    }
}
