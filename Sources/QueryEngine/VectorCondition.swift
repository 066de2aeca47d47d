import Foundation
import IncidentGraph
import PluginAPI
import QuerySyntax

/// A `where` condition on node properties worked out for a few thousand rows at a time, one
/// column at a time (``RowBatches``), with no value made per row: `phase == 3 and files_exfiltrated > 100`,
/// `files_exfiltrated * 2 + accounts_compromised > 300`, `vector != "vpn-device"`,
/// `lang == "ja" and malicious`, `ts in 2023-02..2023-10`, `actor == @mirrorface` (a link
/// chain followed as node numbers).
///
/// Only conditions that cannot fail are taken: properties of one kind read from their typed
/// columns, compared with constants of a type the language compares them with, whole-number
/// arithmetic (a result past 64 bits is null, as ``Arithmetic`` makes it), `and`, `or`, `not`.
/// Working out every part for every row then gives what the general form's row-by-row,
/// short-circuit evaluation gives, nulls included; any other condition is left to it.
struct VectorCondition {
    private let root: Part

    /// The condition as column operations; nil when some part of it is not one, or when the
    /// whole of it reads only one linked node (``QueryRunner/chainConditionFilter(_:_:_:)``
    /// works that out node by node in node order, faster).
    init?(_ condition: Expression, compiler: ExpressionCompiler) {
        if case .chain = compiler.dependence(condition) { return nil }
        guard let root = Part(condition, compiler) else { return nil }
        self.root = root
    }

    /// Whether it gives no error on any row: it has no part worked out once per text or linked
    /// node (``PerKeyTruths``), whose expression may fail.
    var cannotFail: Bool { !root.readsPerKey }

    /// For each row, whether the condition holds for it (null counts as not); nil when a part
    /// worked out once per text or linked node (``PerKeyTruths``) failed or gave no truth:
    /// the general form then says what it says.
    ///
    /// With `enough`, the rows are worked out a batch at a time until that many have passed
    /// (a `take` after the `where`): the rows after that batch are false.
    func matches(_ input: RowSet, context: EvaluationContext, enough: Int? = nil) throws(Diagnostic) -> [Bool]? {
        var result = [Bool](repeating: false, count: input.count)
        var passed = 0
        try forEachBatch(of: input, context) { start, truths in
            result.withUnsafeMutableBufferPointer { result in
                // Without a branch per row (yes is 2, the others below it: see `picked(_:whereYes:)`).
                for (offset, truth) in truths.enumerated() {
                    result[start + offset] = truth &>> 1 != 0
                    passed &+= Int(truth &>> 1)
                }
            }
            return passed >= enough ?? .max
        }
        return root.failed ? nil : result
    }

    /// How many rows the condition holds for, and their nodes' provenance tallied (a `where`
    /// fused into a `count`): worked out a batch at a time, with no mask of every row and no
    /// list of every row that passes; nil as for ``matches(_:context:enough:)``.
    func count(_ input: RowSet, context: EvaluationContext) throws(Diagnostic) -> (count: Int, tally: ProvenanceTally)?
    {
        if let counted = countByRecord(input, context.graph) { return counted }
        var count = 0
        var tally = ProvenanceTally()
        let origins = context.graph.origins()
        try RowBatches.forEachBatch(
            of: input, context: context,
            untilDone: { rows in
                var batch = NodeBatch(rows)
                let truths = root.truths(&batch)
                if let kind = rows.tableKind, let origin = origins.onlyOrigin(ofKind: kind) {
                    // A kind whose nodes are all of one origin: the rows that pass are counted,
                    // not picked. Yes is 2, the only truth that shifts to 1.
                    let passing = Truth.yesCount(truths)
                    count += passing
                    tally.add(origin, count: passing, kindIndex: kind)
                    return false
                }
                let passing = QueryRunner.picked(rows.nodes[...], whereYes: truths)
                count += passing.count
                tally.add(nodeNumbers: passing, origins: origins)
                return false
            })
        return root.failed ? nil : (count, tally)
    }

    /// ``count(_:context:)`` of rows that are every node, or every node of a kind, by a
    /// condition on the built-ins a node's provenance record decides (`kind == "lure"`,
    /// `provenance in ["reported", "imported"]`, `status is null`): worked out once per record
    /// and its nodes counted whole, no row read; nil for other rows and conditions, and when the
    /// condition fails on a record (the general form then gives the error).
    private func countByRecord(_ input: RowSet, _ graph: IncidentGraph) -> (count: Int, tally: ProvenanceTally)? {
        let everyNode = input.nodesAreDistinct && input.unmadeNodes != nil && input.count == graph.nodeCount
        guard input.kindTable != nil || everyNode, root.readsPerKey else { return nil }
        let records = graph.provenances()
        let origins = graph.origins()
        var count = 0
        var tally = ProvenanceTally()
        for record in 0..<records.count where records.nodeCounts[record] > 0 {
            let node = records.firstNodes[record]
            let kind = graph.kindIndex(of: NodeID(index: Int(node)))
            if let only = input.kindTable, only != kind { continue }
            guard let truth = root.truthOfRecord(onNode: node) else { return nil }
            guard truth == Truth.yes else { continue }
            count += records.nodeCounts[record]
            tally.add(origins.origin(of: NodeID(index: Int(node))), count: records.nodeCounts[record], kindIndex: kind)
        }
        return root.failed ? nil : (count, tally)
    }

    /// For each row, the condition's truth (``Truth``); nil as for ``matches(_:context:enough:)``.
    func truths(_ input: RowSet, context: EvaluationContext) throws(Diagnostic) -> [UInt8]? {
        var result = [UInt8](repeating: Truth.no, count: input.count)
        try forEachBatch(of: input, context) { start, truths in
            result.withUnsafeMutableBufferPointer { result in
                for (offset, truth) in truths.enumerated() { result[start + offset] = truth }
            }
            return false
        }
        return root.failed ? nil : result
    }

    /// Calls `body` with the position of each batch's first row and the truths of its rows,
    /// until it says it is done.
    private func forEachBatch(
        of input: RowSet, _ context: EvaluationContext, _ body: (Int, [UInt8]) -> Bool
    ) throws(Diagnostic) {
        try RowBatches.forEachBatch(
            of: input, context: context,
            untilDone: { rows in
                var batch = NodeBatch(rows)
                return body(rows.start, root.truths(&batch))
            })
    }
}

/// The truth of a condition for one row: false, null or true, in that order, so that `and` is
/// the smaller of two truths, `or` the larger and `not` the mirror (Kleene logic, as the
/// general form's).
enum Truth {
    static let no: UInt8 = 0
    static let unknown: UInt8 = 1
    static let yes: UInt8 = 2

    /// How many of `truths` are yes, the only truth whose second bit is set: read eight at a
    /// time, each byte's bit added in its own lane of a word, the lanes summed every 255 words
    /// (before one could pass 255).
    static func yesCount(_ truths: [UInt8]) -> Int {
        truths.withUnsafeBytes { bytes in
            let ones: UInt64 = 0x0101_0101_0101_0101
            var count = 0
            var offset = 0
            while offset + 8 <= bytes.count {
                var lanes: UInt64 = 0
                let end = min(bytes.count, offset + 255 * 8)
                while offset + 8 <= end {
                    lanes &+= (bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) &>> 1) & ones
                    offset += 8
                }
                // Lanes paired into four of 16 bits, whose sum (at most 2,040) gathers in the top 16.
                let evens: UInt64 = 0x00FF_00FF_00FF_00FF
                let pairs = (lanes & evens) &+ ((lanes &>> 8) & evens)
                count += Int((pairs &* 0x0001_0001_0001_0001) &>> 48)
            }
            for index in offset..<bytes.count { count += Int(bytes[index] &>> 1) }
            return count
        }
    }
}

/// A batch's rows in a kind's table: a run of the table's rows in order, or each row's (-1:
/// none).
enum TableRows {
    case run(Range<Int>)
    case listed([Int32])
}

/// The node numbers of one batch of rows, and their rows in a kind's table, worked out once
/// per kind however many of its columns the condition reads.
struct NodeBatch {
    private let batch: RowBatch
    private var rowsOfKind: [(kind: Int, rows: [Int32])] = []

    init(_ batch: RowBatch) { self.batch = batch }

    var nodes: [Int32] { batch.nodes }

    /// ``RowBatch/own(_:)``.
    func own(_ byRow: [Int32]) -> [Int32] { batch.own(byRow) }

    /// ``RowBatch/tableRows(_:)``.
    func tableRows(_ reader: PropertyReader) -> Range<Int>? { batch.tableRows(reader) }

    /// The rows of `reader`'s kind's table the batch's rows are: a run of them in order, when
    /// the rows are that table's, else each looked up (``rows(_:)``).
    mutating func tableRun(_ reader: PropertyReader) -> TableRows {
        tableRows(reader).map(TableRows.run) ?? .listed(rows(reader))
    }

    mutating func rows(_ reader: PropertyReader) -> [Int32] {
        if let known = rowsOfKind.first(where: { $0.kind == reader.kindPosition }) { return known.rows }
        let rows = batch.rows(reader)
        rowsOfKind.append((reader.kindPosition, rows))
        return rows
    }
}

/// A column's values by row, read in place.
private protocol ColumnValues {
    associatedtype Stored
    var isEmpty: Bool { get }
    subscript(_ row: Int) -> Stored? { get }
}

extension StoredIntegers: ColumnValues {}

extension UnsafeBufferPointer: ColumnValues where Element == Bool? {
    typealias Stored = Bool
}

/// For each of `rows` (-1: none), null where it has no value in `values`, else whether
/// `holds` for its value.
@inline(__always)
private func columnTruths<Values: ColumnValues>(
    _ rows: [Int32], _ values: Values, _ holds: (Values.Stored) -> Bool
) -> [UInt8] {
    guard !values.isEmpty else { return [UInt8](repeating: Truth.unknown, count: rows.count) }
    return [UInt8](unsafeUninitializedCapacity: rows.count) { out, count in
        rows.withUnsafeBufferPointer { rows in
            for index in 0..<rows.count {
                let row = rows[index]
                if row >= 0, let value = values[Int(row)] {
                    out[index] = holds(value) ? Truth.yes : Truth.no
                } else {
                    out[index] = Truth.unknown
                }
            }
        }
        count = rows.count
    }
}

/// For each of `rows` (-1: none), null where it has no value in the whole-number column
/// `values`, else whether `holds` for its value: with no branch per row on whether a row has a
/// value or on what `holds` says (data in no order mispredicts either), a row's truth worked out
/// from its stored number, whatever it is where there is none, and its presence byte.
@inline(__always)
private func integerTruths(_ rows: [Int32], _ values: StoredIntegers, _ holds: (Int64) -> Bool) -> [UInt8] {
    guard !values.isEmpty else { return [UInt8](repeating: Truth.unknown, count: rows.count) }
    return [UInt8](unsafeUninitializedCapacity: rows.count) { out, count in
        rows.withUnsafeBufferPointer { rows in
            for index in 0..<rows.count {
                // A row of no node reads row 0, and is unknown whatever it holds.
                let row = Int(max(rows[index], 0))
                let present = values.presence(at: row) & (rows[index] >= 0 ? 1 : 0)
                // yes (2) or no (0) where there is a value (presence 1), unknown (1) where none.
                let held: UInt8 = holds(values.storedNumber(at: row)) ? Truth.yes : Truth.no
                out[index] = Truth.unknown &+ present &* (held &- Truth.unknown)
            }
        }
        count = rows.count
    }
}

/// The same for a batch's rows (``TableRows``): a run of the table's own rows is read straight
/// from the column, no row looked up.
@inline(__always)
private func integerTruths(_ rows: TableRows, _ values: StoredIntegers, _ holds: (Int64) -> Bool) -> [UInt8] {
    switch rows {
    case .listed(let rows):
        return integerTruths(rows, values, holds)
    case .run(let run):
        guard !values.isEmpty else { return [UInt8](repeating: Truth.unknown, count: run.count) }
        return [UInt8](unsafeUninitializedCapacity: run.count) { out, count in
            for index in 0..<run.count {
                let row = run.lowerBound + index
                let held: UInt8 = holds(values.storedNumber(at: row)) ? Truth.yes : Truth.no
                out[index] = Truth.unknown &+ values.presence(at: row) &* (held &- Truth.unknown)
            }
            count = run.count
        }
    }
}

/// `truths` with `combine` applied to each pair of `other`'s.
@inline(__always)
private func combineTruths(_ truths: inout [UInt8], _ other: [UInt8], _ combine: (UInt8, UInt8) -> UInt8) {
    truths.withUnsafeMutableBufferPointer { truths in
        other.withUnsafeBufferPointer { other in
            for index in 0..<truths.count { truths[index] = combine(truths[index], other[index]) }
        }
    }
}

/// A condition, as column operations.
indirect enum Part {
    case compare(Number, BinaryOperator, Number)
    /// A comparison of decimal numbers (`files_exfiltrated / 10 > 5`).
    case compareDecimals(DecimalNumber, BinaryOperator, DecimalNumber)
    case range(Number, low: Int64, high: Int64, notIn: Bool)
    /// `phase in [1, 3]`, `ts not in [...]`: whole numbers, in a column's scale, in a list.
    case members(Number, WholeNumbers, notIn: Bool)
    case text(PropertyReader, String, negated: Bool)
    /// A text equality worked out once per distinct text: the truth for each text number, one
    /// place on (``textTruths(_:)``), after unknown for a row without a text.
    case textCode(PropertyReader, TextCodes, truthOfCode: [UInt8])
    case flag(PropertyReader)
    /// `id == "…"`, `id in ["…", …]` (or `!=`, `not in`): whether each row's node is one of the
    /// nodes with those ids, marked by node number.
    case nodes([Bool], notIn: Bool)
    /// `id contains|starts with|ends with "…"`, `id < "…"` (and `<=`, `>`, `>=`), tested on each
    /// row's node id as ``Semantics`` tests a text, comparing UTF-8 bytes (for whole texts the
    /// same as comparing scalars).
    case nodeIDText(IncidentGraph, BinaryOperator, String)
    /// A link chain's node against one node (nil: an id no node has, equal to none).
    case link([LinkTargets], NodeID?, negated: Bool)
    /// `x is null` (or `is not null`, negated) of a property.
    case missingValue(PropertyReader, negated: Bool)
    /// `x is null` (or `is not null`, negated) of a link chain: whether it reaches no node.
    case missingLink([LinkTargets], negated: Bool)
    case not(Part)
    case and(Part, Part)
    case or(Part, Part)
    /// A condition on the node a link chain reaches, worked out on those nodes' columns
    /// (`lure.lang == "ja"`: `lang == "ja"` on each row's lure).
    case linked([LinkTargets], Part)
    /// A condition that reads one text property or one linked node, worked out once per text
    /// or node (`vector starts with "spear"`, `lower(lure.subject) contains "taiwan"`).
    case perKey(PerKeyTruths)

    init?(_ expression: Expression, _ compiler: ExpressionCompiler) {
        switch expression.kind {
        case .binary(let op, let left, let right) where op == .and || op == .or:
            guard let a = Part(left, compiler), let b = Part(right, compiler) else { return nil }
            self = op == .and ? .and(a, b) : .or(a, b)
        case .unary(.not, let operand):
            guard let part = Part(operand, compiler) else { return nil }
            self = part.negated ?? .not(part)
        case .name(let name):
            guard let reader = compiler.directProperty(name), reader.type == .bool else { return nil }
            self = .flag(reader)
        case .between(let subject, let low, let high):
            // As `in low..high` where that takes the bounds: whole numbers between whole numbers,
            // a stored instant, date or duration between constants of its type (an instant
            // between dates too, each date the instant its UTC day starts, as `between` orders
            // them). `between` makes null of values it cannot compare where `in` fails, and
            // those are never taken.
            guard let range = Self.range(.in, subject, low, high, compiler) else { return nil }
            self = range
        case .isNull(let operand, let negated):
            if let hops = compiler.linkChainTargets(operand) {
                self = .missingLink(hops, negated: negated)
            } else if case .name(let name) = operand.kind, let reader = compiler.directProperty(name) {
                self = .missingValue(reader, negated: negated)
            } else if let part = Self.linked(expression, compiler)
                ?? PerKeyTruths(expression, compiler).map(Part.perKey)
            {
                self = part  // `target.name is null`, `status is null`
            } else {
                return nil
            }
        case .binary(let op, let left, let right):
            if case .range(let low, let high) = right.kind, let range = Self.range(op, left, low, high, compiler) {
                self = range
            } else if op == .in || op == .notIn, let membership = Self.membership(op, left, right, compiler) {
                self = membership
            } else if let text = Self.text(op, left, right, compiler) ?? Self.text(op, right, left, compiler) {
                self = text
            } else if let test = Self.nodeIDText(op, left, right, compiler) {
                self = test
            } else if let truth = Self.truth(op, left, right, compiler) ?? Self.truth(op, right, left, compiler) {
                self = truth
            } else if let flag = Self.flag(op, left, right, compiler) ?? Self.flag(op, right, left, compiler) {
                self = flag
            } else if let link = Self.link(op, left, right, compiler) ?? Self.link(op, right, left, compiler) {
                self = link
            } else if let comparison = Self.comparison(op, left, right, compiler) {
                self = comparison
            } else if let part = Self.linked(expression, compiler)
                ?? PerKeyTruths(expression, compiler).map(Part.perKey)
            {
                self = part
            } else {
                return nil
            }
        default:
            guard let part = Self.linked(expression, compiler) ?? PerKeyTruths(expression, compiler).map(Part.perKey)
            else { return nil }
            self = part
        }
    }

    /// A condition that reads only the node one link chain reaches, as column operations on
    /// that node's properties.
    private static func linked(_ expression: Expression, _ compiler: ExpressionCompiler) -> Part? {
        guard case .chain(let chain) = compiler.dependence(expression), let hops = compiler.linkChainTargets(chain),
            let own = compiler.relative(expression, to: chain), let part = Part(own, compiler)
        else { return nil }
        return .linked(hops, part)
    }

    /// The part that gives the mirror of each of its truths with no pass of its own, where one
    /// does: the opposite comparison of whole numbers (never null where the comparison is not,
    /// and null where it is), or the other of `in` and `not in`.
    private var negated: Part? {
        switch self {
        case .compare(let a, let op, let b):
            let opposite: [BinaryOperator: BinaryOperator] = [
                .equal: .notEqual, .notEqual: .equal, .less: .greaterOrEqual, .greaterOrEqual: .less,
                .greater: .lessOrEqual, .lessOrEqual: .greater,
            ]
            return opposite[op].map { .compare(a, $0, b) }
        case .range(let number, let low, let high, let notIn):
            return .range(number, low: low, high: high, notIn: !notIn)
        case .members(let number, let wanted, let notIn): return .members(number, wanted, notIn: !notIn)
        default: return nil
        }
    }

    /// Whether it has a part worked out once per key.
    var readsPerKey: Bool {
        switch self {
        case .perKey: true
        case .not(let part), .linked(_, let part): part.readsPerKey
        case .and(let left, let right), .or(let left, let right): left.readsPerKey || right.readsPerKey
        default: false
        }
    }

    /// The truth for every node with the provenance record node `node` has, when every part
    /// reads only the built-ins the record decides (``PerKeyTruths``); nil otherwise.
    func truthOfRecord(onNode node: Int32) -> UInt8? {
        switch self {
        case .perKey(let once): return once.truthOfRecord(onNode: node)
        case .not(let part): return part.truthOfRecord(onNode: node).map { Truth.yes &- $0 }
        case .and(let left, let right), .or(let left, let right):
            guard let a = left.truthOfRecord(onNode: node), let b = right.truthOfRecord(onNode: node) else {
                return nil
            }
            if case .and = self { return min(a, b) }
            return max(a, b)
        default: return nil
        }
    }

    /// Whether a part worked out once per key failed on some row (its truths are then not the
    /// condition's).
    var failed: Bool {
        switch self {
        case .perKey(let once): once.failed
        case .not(let part), .linked(_, let part): part.failed
        case .and(let left, let right), .or(let left, let right): left.failed || right.failed
        default: false
        }
    }

    /// Whether `holds` for each text of `codes`, one place on from its number, after unknown for
    /// a row without a text (number -1): a row's truth is read with no branch.
    private static func textTruths(_ codes: TextCodes, _ holds: (String) -> Bool) -> [UInt8] {
        [Truth.unknown] + (0..<Int32(codes.count)).map { holds(codes.text(ofCode: $0)) ? Truth.yes : Truth.no }
    }

    /// `vector == "vpn-device"`, `"ja" != lang`, `id == "inc-0500000"`.
    private static func text(
        _ op: BinaryOperator, _ name: Expression, _ other: Expression, _ compiler: ExpressionCompiler
    )
        -> Part?
    {
        guard op == .equal || op == .notEqual, case .name(let property) = name.kind,
            case .string(let text) = compiler.constant(other)
        else { return nil }
        let negated = op == .notEqual
        if compiler.readsID(property) { return .nodes(Self.nodes(withIDs: [text], compiler.graph), notIn: negated) }
        guard let reader = compiler.directProperty(property), reader.type == .string else { return nil }
        guard let codes = compiler.directTextCodes(property), codes.numbersIdenticalTexts else {
            return .text(reader, text, negated: negated)
        }
        let truthOfCode = textTruths(codes) { $0.utf8.elementsEqual(text.utf8) != negated }
        return .textCode(reader, codes, truthOfCode: truthOfCode)
    }

    /// `actor in [@apt10, @apt41]`, `target not in ["jaxa", "nisc"]`: the node a link chain
    /// reaches against nodes, and ids as texts (a node equals its id's text), marked by node
    /// number; nil for any other element, and for a text that holds `K`, `;` or `` ` `` or is
    /// not ASCII (a text canonically equivalent to it, which an id with the Kelvin sign, say,
    /// equals, would not be found by its bytes).
    private static func linkMembership(_ hops: [LinkTargets], _ elements: [Value], notIn: Bool, _ graph: IncidentGraph)
        -> Part?
    {
        var marked = [Bool](repeating: false, count: graph.nodeCount)
        for element in elements {
            switch element {
            case .node(let reference):
                marked[reference.node.index] = true
            case .string(let id) where id.utf8.allSatisfy({ $0 < 0x80 && !"K;`".utf8.contains($0) }):
                if let node = graph.node(id: id) { marked[node.index] = true }
            default:
                return nil
            }
        }
        return .linked(hops, .nodes(marked, notIn: notIn))
    }

    /// The nodes whose ids are `ids`, byte for byte, marked by node number.
    private static func nodes(withIDs ids: [String], _ graph: IncidentGraph) -> [Bool] {
        var marked = [Bool](repeating: false, count: graph.nodeCount)
        for id in ids {
            if let node = graph.node(id: id), graph.id(of: node).utf8.elementsEqual(id.utf8) {
                marked[node.index] = true
            }
        }
        return marked
    }

    /// Whether each of `nodes` (-1: none) is marked (or not, `notIn`).
    @inline(never)
    private static func truths(of nodes: [Int32], _ marked: [Bool], notIn: Bool) -> [UInt8] {
        nodes.map { node in node < 0 ? Truth.unknown : marked[Int(node)] != notIn ? Truth.yes : Truth.no }
    }

    /// Whether the id of each of `nodes` (-1: none) contains, starts with or ends with `text`.
    @inline(never)
    private static func truths(ofIDs nodes: [Int32], _ graph: IncidentGraph, _ op: BinaryOperator, _ text: String)
        -> [UInt8]
    {
        var part = text
        return part.withUTF8 { part in
            let partWord = UTF8Order.leadingWord(part)
            /// -1, 0 or 1 as `id` comes before, is or comes after `part`.
            @inline(__always)
            func order(of id: UnsafeBufferPointer<UInt8>) -> Int {
                let word = UTF8Order.leadingWord(id)
                if word != partWord { return word < partWord ? -1 : 1 }
                return UTF8Order.order(id, part)
            }
            return graph.idBytes.withTexts { ids in
                // One loop per test: no choice made per node.
                func each(_ holds: (UnsafeBufferPointer<UInt8>) -> Bool) -> [UInt8] {
                    nodes.map { node in node < 0 ? Truth.unknown : holds(ids[Int(node)]) ? Truth.yes : Truth.no }
                }
                switch op {
                case .contains: return each { Semantics.containsBytes($0, part) }
                case .startsWith: return each { Semantics.bounds($0, atStart: true, part) }
                case .endsWith: return each { Semantics.bounds($0, atStart: false, part) }
                // Texts order as their UTF-8 bytes do (``UTF8Order``): their first eight bytes
                // as one number first, the whole texts only when those are alike.
                case .less: return each { order(of: $0) < 0 }
                case .lessOrEqual: return each { order(of: $0) <= 0 }
                case .greater: return each { order(of: $0) > 0 }
                default: return each { order(of: $0) >= 0 }
                }
            }
        }
    }

    /// `(x > 100) == true`, `is_lure != false`: a condition compared with a truth is the
    /// condition or its opposite (null stays null, as `==` with null gives).
    private static func truth(
        _ op: BinaryOperator, _ condition: Expression, _ other: Expression, _ compiler: ExpressionCompiler
    ) -> Part? {
        guard op == .equal || op == .notEqual, case .bool(let flag) = compiler.constant(other),
            let part = Part(condition, compiler)
        else { return nil }
        return (op == .equal) == flag ? part : .not(part)
    }

    /// `id contains|starts with|ends with "…"`, `id < "…"` (and `<=`, `>`, `>=`).
    private static func nodeIDText(
        _ op: BinaryOperator, _ name: Expression, _ other: Expression, _ compiler: ExpressionCompiler
    ) -> Part? {
        guard [.contains, .startsWith, .endsWith, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(op),
            case .name(let property) = name.kind,
            compiler.readsID(property), case .string(let part) = compiler.constant(other)
        else { return nil }
        return .nodeIDText(compiler.graph, op, part)
    }

    /// `malicious == true`, `malicious != false`: the flag itself, or its mirror (null stays
    /// null either way, as `==` with null gives).
    private static func flag(
        _ op: BinaryOperator, _ name: Expression, _ other: Expression, _ compiler: ExpressionCompiler
    ) -> Part? {
        guard op == .equal || op == .notEqual, case .name(let property) = name.kind,
            let reader = compiler.directProperty(property), reader.type == .bool,
            case .bool(let wanted) = compiler.constant(other)
        else { return nil }
        return wanted == (op == .equal) ? .flag(reader) : .not(.flag(reader))
    }

    /// `actor == @mirrorface`, `target.sector != "aerospace"`: as ``ExpressionCompiler/linkComparison(_:_:_:)``
    /// reads them (a node equals its id's text).
    private static func link(
        _ op: BinaryOperator, _ chain: Expression, _ literal: Expression, _ compiler: ExpressionCompiler
    ) -> Part? {
        guard op == .equal || op == .notEqual, let hops = compiler.linkChainTargets(chain) else { return nil }
        switch literal.kind {
        case .node(let id), .literal(.string(let id)):
            return .link(hops, compiler.graph.node(id: id), negated: op == .notEqual)
        default: return nil
        }
    }

    /// Two whole-number sides, or a stored instant, date or duration and a constant of a type
    /// it is compared with.
    private static func comparison(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, _ compiler: ExpressionCompiler
    ) -> Part? {
        let ordering: Bool
        switch op {
        case .equal, .notEqual: ordering = false
        case .less, .lessOrEqual, .greater, .greaterOrEqual: ordering = true
        default: return nil
        }
        if let a = Number(left, compiler), let b = Number(right, compiler) { return comparing(a, op, b) }
        if let a = DecimalNumber(left, compiler), let b = DecimalNumber(right, compiler), !a.isWhole || !b.isWhole {
            return .compareDecimals(a, op, b)
        }
        // `date(ts) == 2023-05-05`: the day of a stored instant as its number, against the date's.
        for (day, constant, swapped) in [(left, right, false), (right, left, true)] {
            guard let days = Number.days(day, compiler), case .date(let date)? = compiler.constant(constant) else {
                continue
            }
            let key = Number.constant(Int64(date.daysSinceEpoch))
            return swapped ? comparing(key, op, days) : comparing(days, op, key)
        }
        // `ts >= 2023-06-01`: the constant in the column's scale (either side).
        for (stored, constant, swapped) in [(left, right, false), (right, left, true)] {
            guard case .name(let name) = stored.kind, let reader = compiler.directProperty(name),
                let value = compiler.constant(constant),
                let key = ExpressionCompiler.integerKey(value, comparedWith: reader.type, ordering: ordering)
            else { continue }
            return swapped
                ? comparing(.constant(key), op, .column(reader)) : comparing(.column(reader), op, .constant(key))
        }
        // `files_exfiltrated > 1.5`: a whole-number column against a decimal, as against the whole
        // number on the same side of it. The general form compares them as decimals, which is
        // exact while the decimal is under 2⁵³ (a larger whole number stays on its side of it).
        for (stored, constant, swapped) in [(left, right, false), (right, left, true)] {
            guard case .name(let name) = stored.kind, let reader = compiler.directProperty(name), reader.type == .int,
                case .double(let decimal)? = compiler.constant(constant), abs(decimal) < 9_007_199_254_740_992
            else { continue }
            let (wholeOp, key) = wholeComparison(swapped ? mirrored(op) : op, decimal)
            return .compare(.column(reader), wholeOp, .constant(key))
        }
        return nil
    }

    /// `x op decimal` for whole numbers `x`, as `x op' whole`: the same truth for every whole
    /// number (a decimal between two whole numbers is above the one and below the other).
    private static func wholeComparison(_ op: BinaryOperator, _ decimal: Double) -> (BinaryOperator, Int64) {
        let (below, above) = (Int64(decimal.rounded(.down)), Int64(decimal.rounded(.up)))
        guard below != above else { return (op, below) }
        return switch op {
        case .less: (.less, above)
        case .lessOrEqual: (.lessOrEqual, below)
        case .greater: (.greater, below)
        case .greaterOrEqual: (.greaterOrEqual, above)
        case .equal: (.less, Int64.min)  // no whole number equals it
        default: (.greaterOrEqual, Int64.min)  // every whole number differs from it
        }
    }

    /// The operator that reads the same with its sides swapped (`3 < phase` is `phase > 3`).
    private static func mirrored(_ op: BinaryOperator) -> BinaryOperator {
        switch op {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: op
        }
    }

    /// `a op b`, with a constant on the left moved to the right (`3 < phase` as `phase > 3`),
    /// so that a column against a constant is always read one way.
    private static func comparing(_ a: Number, _ op: BinaryOperator, _ b: Number) -> Part {
        guard case .constant = a, case .column = b else { return .compare(a, op, b) }
        return .compare(b, mirrored(op), a)
    }

    /// `files_exfiltrated in 1..100`, `ts not in 2021-01-01..2022-06-30`.
    private static func range(
        _ op: BinaryOperator, _ subject: Expression, _ low: Expression, _ high: Expression,
        _ compiler: ExpressionCompiler
    ) -> Part? {
        guard op == .in || op == .notIn, case .success(let (lower, upper)) = compiler.constantBounds(low, high) else {
            return nil
        }
        if let number = Number(subject, compiler), case .int(let a) = lower, case .int(let b) = upper {
            return .range(number, low: Int64(a), high: Int64(b), notIn: op == .notIn)
        }
        guard case .name(let name) = subject.kind, let reader = compiler.directProperty(name),
            let a = ExpressionCompiler.integerKey(lower, comparedWith: reader.type, ordering: true),
            let b = ExpressionCompiler.integerKey(upper, comparedWith: reader.type, ordering: true)
        else { return nil }
        return .range(.column(reader), low: a, high: b, notIn: op == .notIn)
    }

    /// `vector in ["spear-phishing-link", "vpn-device"]`, `phase not in [1, 3]`: a text
    /// property against texts (worked out once per distinct text), or a whole number against
    /// whole numbers (an instant, date or duration against constants of its type). As `in`
    /// reads them: a null subject is null, an element equal to it makes it true.
    private static func membership(
        _ op: BinaryOperator, _ subject: Expression, _ list: Expression, _ compiler: ExpressionCompiler
    ) -> Part? {
        guard case .list(let elements) = compiler.constant(list) else { return nil }
        let notIn = op == .notIn
        if case .name(let name) = subject.kind, compiler.readsID(name) {
            let ids = elements.compactMap(\.stringValue)
            guard ids.count == elements.count else { return nil }
            return .nodes(Self.nodes(withIDs: ids, compiler.graph), notIn: notIn)
        }
        if let hops = compiler.linkChainTargets(subject) {
            return Self.linkMembership(hops, elements, notIn: notIn, compiler.graph)
        }
        if case .name(let name) = subject.kind, let reader = compiler.directProperty(name) {
            if reader.type == .string {
                let texts = elements.compactMap(\.stringValue)
                guard texts.count == elements.count, let codes = compiler.directTextCodes(name),
                    codes.numbersIdenticalTexts
                else { return nil }
                let wanted = Set(texts.map { Array($0.utf8) })
                let truthOfCode = textTruths(codes) { wanted.contains(Array($0.utf8)) != notIn }
                return .textCode(reader, codes, truthOfCode: truthOfCode)
            }
            let keys = elements.compactMap {
                ExpressionCompiler.integerKey($0, comparedWith: reader.type, ordering: false)
            }
            guard [.int, .instant, .date, .duration].contains(reader.type), keys.count == elements.count else {
                return nil
            }
            return .members(.column(reader), WholeNumbers(keys), notIn: notIn)
        }
        guard let number = Number(subject, compiler) else { return nil }
        var keys: [Int64] = []
        for element in elements {
            guard case .int(let key) = element else { return nil }
            keys.append(Int64(key))
        }
        return .members(number, WholeNumbers(keys), notIn: notIn)
    }

    /// The truth for each node of `batch` (-1: a row without a node).
    func truths(_ batch: inout NodeBatch) -> [UInt8] {
        switch self {
        case .compare(.column(let reader), let op, .constant(let constant)):
            let rows = batch.tableRun(reader)
            return reader.withIntegers { values in
                switch op {
                case .equal: integerTruths(rows, values) { $0 == constant }
                case .notEqual: integerTruths(rows, values) { $0 != constant }
                case .less: integerTruths(rows, values) { $0 < constant }
                case .lessOrEqual: integerTruths(rows, values) { $0 <= constant }
                case .greater: integerTruths(rows, values) { $0 > constant }
                default: integerTruths(rows, values) { $0 >= constant }
                }
            }
        case .compare(let left, let op, let right):
            let (a, b) = (left.values(&batch), right.operand(&batch))
            // One loop per operator: no choice made per row.
            return switch op {
            case .equal: a.truths(b) { $0 == $1 }
            case .notEqual: a.truths(b) { $0 != $1 }
            case .less: a.truths(b) { $0 < $1 }
            case .lessOrEqual: a.truths(b) { $0 <= $1 }
            case .greater: a.truths(b) { $0 > $1 }
            default: a.truths(b) { $0 >= $1 }
            }
        case .compareDecimals(let left, let op, let right):
            return left.values(&batch).truths(op, right.values(&batch))
        case .range(.column(let reader), let low, let high, let notIn):
            let rows = batch.tableRun(reader)
            return reader.withIntegers { values in
                guard low <= high else { return integerTruths(rows, values) { _ in notIn } }
                // In the range when its distance above `low` is at most the range's: one
                // comparison, no branch.
                let span = UInt64(bitPattern: high &- low)
                return integerTruths(rows, values) { (UInt64(bitPattern: $0 &- low) <= span) != notIn }
            }
        case .range(let subject, let low, let high, let notIn):
            return subject.values(&batch).truths { (low <= $0 && $0 <= high) != notIn }
        case .members(.column(let reader), let keys, let notIn):
            let rows = batch.tableRun(reader)
            return reader.withIntegers { values in
                if let (least, bits) = keys.bitmask {
                    // A bit each, read as numbers: no branch per row.
                    let flip: UInt64 = notIn ? 1 : 0
                    return integerTruths(rows, values) { number in
                        let offset = UInt64(bitPattern: number &- least)
                        let inRange: UInt64 = offset < 64 ? 1 : 0
                        return (bits &>> (offset & 63)) & inRange ^ flip == 1
                    }
                }
                return integerTruths(rows, values) { keys.contains($0) != notIn }
            }
        case .members(let subject, let keys, let notIn):
            return subject.values(&batch).truths { keys.contains($0) != notIn }
        case .textCode(let reader, let codes, let truthOfCode):
            let rows = batch.tableRun(reader)
            return codes.withRowCodes { codes in
                truthOfCode.withUnsafeBufferPointer { truths in
                    switch rows {
                    case .run(let run):
                        [UInt8](unsafeUninitializedCapacity: run.count) { out, count in
                            for index in 0..<run.count { out[index] = truths[Int(codes[run.lowerBound + index]) + 1] }
                            count = run.count
                        }
                    case .listed(let rows): rows.map { $0 < 0 ? Truth.unknown : truths[Int(codes[Int($0)]) + 1] }
                    }
                }
            }
        case .text(let reader, let text, let negated):
            return batch.nodes.map { node in
                guard node >= 0, let equal = reader.text(of: NodeID(index: Int(node)), equals: text) else {
                    return Truth.unknown
                }
                return equal != negated ? Truth.yes : Truth.no
            }
        case .flag(let reader):
            let rows = batch.rows(reader)
            return reader.withFlags { flags in columnTruths(rows, flags) { $0 } }
        case .nodes(let marked, let notIn):
            return Self.truths(of: batch.nodes, marked, notIn: notIn)
        case .nodeIDText(let graph, let op, let text):
            return Self.truths(ofIDs: batch.nodes, graph, op, text)
        case .link(let hops, let target, let negated):
            let wanted = target.map { Int32($0.index) } ?? -2
            return Self.reached(through: hops, from: batch.nodes).map { reached in
                guard reached >= 0 else { return Truth.unknown }
                return (reached == wanted) != negated ? Truth.yes : Truth.no
            }
        case .missingValue(let reader, let negated):
            if case .run(let run) = batch.tableRun(reader), [.int, .instant, .date, .duration].contains(reader.type) {
                // `accounts_compromised is null` on the table's own rows: their presence bytes.
                return reader.withIntegers { values in
                    run.map { row in (values.presence(at: row) != 0) == negated ? Truth.yes : Truth.no }
                }
            }
            return reader.presence(ofRows: batch.rows(reader)).map { present in
                present == negated ? Truth.yes : Truth.no
            }
        case .missingLink(let hops, let negated):
            return Self.reached(through: hops, from: batch.nodes).map { reached in
                (reached < 0) != negated ? Truth.yes : Truth.no
            }
        case .not(let part):
            // In place: a new array made by `map` took as long as the comparison under it.
            var truths = part.truths(&batch)
            truths.withUnsafeMutableBufferPointer { truths in
                for index in 0..<truths.count { truths[index] = Truth.yes &- truths[index] }
            }
            return truths
        case .and(let left, let right):
            var truths = left.truths(&batch)
            combineTruths(&truths, right.truths(&batch), min)
            return truths
        case .or(let left, let right):
            var truths = left.truths(&batch)
            combineTruths(&truths, right.truths(&batch), max)
            return truths
        case .perKey(let once):
            return once.truths(&batch)
        case .linked(let hops, let part):
            var reached = NodeBatch(
                RowBatch(nodes: Self.reached(through: hops, from: batch.nodes), start: 0, tableKind: nil))
            return part.truths(&reached)
        }
    }

    /// The node a link chain reaches from each of `nodes`; -1 where it reaches none.
    static func reached(through hops: [LinkTargets], from nodes: [Int32]) -> [Int32] {
        nodes.map { node in
            var reached = node
            for hop in hops where reached >= 0 { reached = hop.target(ofNumber: reached) }
            return reached
        }
    }
}

/// The whole numbers of an `in` list: a bit each when they lie within 64 of the least (`phase
/// in [1, 3]`: a shift and a test per row, no branch), else looked through one by one when
/// they are a few (no hashing per row), in a set otherwise.
struct WholeNumbers {
    private let few: [Int64]
    private let many: Set<Int64>
    /// The least number and a bit for each, when they all lie within 64 of it and it lies well
    /// inside the whole numbers (a row's number less the least then never wraps round to one of
    /// the 64).
    private let least: Int64
    private let bits: UInt64?

    init(_ numbers: [Int64]) {
        let distinct = Array(Set(numbers))
        (few, many) = distinct.count <= 8 ? (distinct, []) : ([], Set(distinct))
        let least = distinct.min() ?? 0
        self.least = least
        bits =
            (Int64.min / 2...Int64.max / 2).contains(least)
                && distinct.allSatisfy({ UInt64(bitPattern: $0 &- least) < 64 })
            ? distinct.reduce(0) { $0 | 1 << UInt64(bitPattern: $1 &- least) } : nil
    }

    /// The least number and a bit for each (bit `n` for the least plus `n`), when they all lie
    /// within 64 of it.
    var bitmask: (least: Int64, bits: UInt64)? { bits.map { (least, $0) } }

    @inline(__always)
    func contains(_ number: Int64) -> Bool {
        if let bits {
            let offset = UInt64(bitPattern: number &- least)
            return offset < 64 && bits >> (offset & 63) & 1 == 1
        }
        return many.isEmpty ? few.contains(number) : many.contains(number)
    }
}

/// A whole number per row: a stored property, a constant, `+ - * %` of two, a calendar
/// field of a stored instant, the whole days between two instants, a text's length, or one of
/// these of the node a link chain reaches.
indirect enum Number {
    case column(PropertyReader)
    case constant(Int64)
    case arithmetic(BinaryOperator, Number, Number)
    /// `days_between(ts, 2024-12-31)`: milliseconds from one instant to another (a stored
    /// instant's column, or a constant date or instant) over a day's, truncated toward zero as
    /// the function counts whole days.
    case wholeDays(Number)
    /// `abs(x)`: none where negating passes 64 bits, as the function gives null.
    case absolute(Number)
    /// `coalesce(x, y, …)` of whole numbers: the first of them there is.
    case coalesced([Number])
    /// `year(ts)`, `hour(ts, "Asia/Tokyo")`: worked out from the column's milliseconds as the
    /// compiled call works them out (a zone's fixed offset where it has one).
    /// Null for a node whose instant is recorded too coarsely for the field (``CoarseInstants``).
    case calendar(CalendarField, PropertyReader, TimeZone, ZoneCache, CoarseInstants?)
    /// `len(subject)` of a text property: each row's text's length (``TextLengths``).
    case textLength(TextLengths)
    /// `len(id)`: each node's id's length, counted from its bytes (``CharacterCount``); none for
    /// a row with no node, whose id is null.
    case idLength(IncidentGraph)
    /// `max(vector)`: each row's text's place in the order texts are compared in (``TextPlaces``).
    case textPlace(TextPlaces)
    /// A number of the node a link chain reaches (`len(lure.subject)`, `target.employees * 2`),
    /// worked out on those nodes' columns; none where the chain reaches no node, as the
    /// number of a missing node's property.
    case linked([LinkTargets], Number)
    /// A number of the node a `match` variable's column holds, or a link chain from it reaches,
    /// by row (`nodes`; -1: none): `sum(i.files_exfiltrated)` after a `match`, worked out on
    /// those nodes' columns as on the rows' own (``columnMember(_:_:_:types:)``).
    case onColumnNodes([Int32], Number)

    /// Only `int` values: an instant or a date is compared with constants alone (``Part``).
    init?(_ expression: Expression, _ compiler: ExpressionCompiler) {
        if case .chain(let chain) = compiler.dependence(expression), let hops = compiler.linkChainTargets(chain),
            let own = compiler.relative(expression, to: chain), let number = Number(own, compiler)
        {
            self = .linked(hops, number)
            return
        }
        switch expression.kind {
        case .name(let name) where !compiler.isVariable(name):
            guard let reader = compiler.directProperty(name), reader.type == .int else { return nil }
            self = .column(reader)
        case .binary(let op, let left, let right) where [.add, .subtract, .multiply, .remainder].contains(op):
            guard let a = Number(left, compiler), let b = Number(right, compiler) else { return nil }
            self = .arithmetic(op, a, b)
        case .unary(.negate, let operand):
            if case .int(let number) = compiler.constant(expression) {
                self = .constant(Int64(number))
                return
            }
            // `-x` is `0 - x`: none where it passes 64 bits, as the general form gives null.
            guard let number = Number(operand, compiler) else { return nil }
            self = .arithmetic(.subtract, .constant(0), number)
        case .call(let name, let arguments):
            if let calendar = Self.calendar(name, arguments, compiler) {
                self = calendar
            } else if let days = Self.daysBetween(name, arguments, compiler) {
                self = days
            } else if let function = Self.wholeFunction(name, arguments, compiler) {
                self = function
            } else if let lengths = TextLengths(name, arguments, compiler) {
                self = .textLength(lengths)
            } else if name == "len", arguments.count == 1, case .name(let property) = arguments[0].kind,
                compiler.readsID(property)
            {
                self = .idLength(compiler.graph)
            } else {
                guard case .int(let number) = compiler.constant(expression) else { return nil }
                self = .constant(Int64(number))
            }
        default:
            guard case .int(let number) = compiler.constant(expression) else { return nil }
            self = .constant(Int64(number))
        }
    }

    /// `date(PROPERTY [, "ZONE"])` of a stored instant as the number of its day (``Day``), to be
    /// compared with a date's number only: `date` gives a date, not a whole number.
    static func days(_ expression: Expression, _ compiler: ExpressionCompiler) -> Number? {
        guard case .call("date", let arguments) = expression.kind else { return nil }
        return calendar("date", arguments, compiler, days: true)
    }

    /// `FIELD(PROPERTY [, "ZONE"])` of a stored instant, for the fields that are whole numbers
    /// (and `date` as its day's number when `days`).
    private static func calendar(
        _ name: String, _ arguments: [Expression], _ compiler: ExpressionCompiler, days: Bool = false
    ) -> Number? {
        let context = compiler.semantics.context
        guard let field = CalendarField(rawValue: name), (field == .date) == days, context.state.functions[name] == nil,
            (1...2).contains(arguments.count), case .name(let property) = arguments[0].kind,
            !compiler.isVariable(property), let reader = compiler.directProperty(property), reader.type == .instant
        else { return nil }
        var zoneName: String?
        if arguments.count == 2 {
            guard case .literal(.string(let text)) = arguments[1].kind else { return nil }
            zoneName = text
        }
        guard let zone = context.zones.zone(zoneName) else { return nil }
        return .calendar(field, reader, zone, context.zones, CoarseInstants(property, for: field, in: context.graph))
    }

    /// `days_between(A, B)` of stored instants and constant dates or instants, as the function
    /// works it out: B's milliseconds less A's, over a day's.
    private static func daysBetween(_ name: String, _ arguments: [Expression], _ compiler: ExpressionCompiler)
        -> Number?
    {
        guard name == "days_between", compiler.semantics.context.state.functions[name] == nil, arguments.count == 2,
            let from = milliseconds(arguments[0], compiler), let to = milliseconds(arguments[1], compiler)
        else { return nil }
        return .wholeDays(.arithmetic(.subtract, to, from))
    }

    /// `abs`, `floor`, `ceil` and `round` of a whole number (the last three give it as it is),
    /// and `coalesce` of two or more whole numbers, as the functions work them out on `int`
    /// values. `coalesce(x)` of one, which gives `x`, is left to the general form: the tests
    /// compare each fast path with it.
    private static func wholeFunction(_ name: String, _ arguments: [Expression], _ compiler: ExpressionCompiler)
        -> Number?
    {
        guard compiler.semantics.context.state.functions[name] == nil else { return nil }
        switch name {
        case "abs", "floor", "ceil", "round":
            guard arguments.count == 1, let number = Number(arguments[0], compiler) else { return nil }
            return name == "abs" ? .absolute(number) : number
        case "coalesce":
            var numbers: [Number] = []
            for argument in arguments {
                guard let number = Number(argument, compiler) else { return nil }
                numbers.append(number)
            }
            return numbers.count < 2 ? nil : .coalesced(numbers)
        default:
            return nil
        }
    }

    /// An instant as milliseconds since the epoch: a stored instant read by name, or a constant
    /// date (its midnight) or instant.
    private static func milliseconds(_ expression: Expression, _ compiler: ExpressionCompiler) -> Number? {
        if case .name(let name) = expression.kind, !compiler.isVariable(name) {
            guard let reader = compiler.directProperty(name), reader.type == .instant else { return nil }
            return .column(reader)
        }
        switch compiler.constant(expression) {
        case .instant(let instant): return .constant(instant.millisecondsSinceEpoch)
        case .date(let day): return .constant(Int64(day.daysSinceEpoch) * 86_400_000)
        default: return nil
        }
    }

    /// The number for each of `nodes`, none where the row has none (null, or past 64 bits).
    func values(_ batch: inout NodeBatch) -> Numbers {
        switch self {
        case .calendar(let field, let reader, let zone, let zones, let coarse):
            let rows = batch.rows(reader)
            let fixed = zones.fixedOffset(zone)
            let coarseRows = coarse?.coarseRows(rows, ofKind: reader.kindPosition)
            var ofDay = DayFieldCache(field)
            return reader.withIntegers { values in
                guard !values.isEmpty else { return Numbers(none: rows.count) }
                return Numbers(count: rows.count) { index in
                    let row = rows[index]
                    guard row >= 0, let milliseconds = values[Int(row)], coarseRows?[index] != true else { return nil }
                    let (day, millisecond): (Day, Int64)
                    if let fixed, milliseconds >= fixed.since {
                        let local = Instant(millisecondsSinceEpoch: milliseconds + Int64(fixed.offset) * 1000)
                        (day, millisecond) = (local.day, local.millisecondOfDay)
                    } else {
                        (day, millisecond) = zones.local(Instant(millisecondsSinceEpoch: milliseconds), in: zone)
                    }
                    if field == .date { return Int64(day.daysSinceEpoch) }
                    if let number = ofDay.number(of: day) { return number }
                    guard case .int(let number) = field.value(day: day, millisecond: millisecond) else { return nil }
                    return Int64(number)
                }
            }
        case .column(let reader):
            if let rows = batch.tableRows(reader) {
                return reader.withIntegers { values in
                    values.isEmpty ? Numbers(none: rows.count) : Numbers(tableRows: rows, of: values)
                }
            }
            let rows = batch.rows(reader)
            return reader.withIntegers { values in
                guard !values.isEmpty else { return Numbers(none: rows.count) }
                return Numbers(rows, of: values)
            }
        case .constant(let number):
            return Numbers(repeating: number, count: batch.nodes.count)
        case .textLength(let lengths):
            return lengths.numbers(ofRows: batch.rows(lengths.reader))
        case .idLength(let graph):
            let nodes = batch.nodes
            return graph.idBytes.withTexts { ids in
                Numbers(count: nodes.count) { index in
                    guard nodes[index] >= 0 else { return nil }
                    let node = Int(nodes[index])
                    let length =
                        CharacterCount.scalarsStandingAlone(ids[node]) ?? graph.id(of: NodeID(index: node)).count
                    return Int64(length)
                }
            }
        case .textPlace(let places):
            let keys = places.keys(ofRows: batch.rows(places.reader))
            return Numbers(count: keys.count) { keys[$0] }
        case .linked(let hops, let number):
            var reached = NodeBatch(
                RowBatch(nodes: Part.reached(through: hops, from: batch.nodes), start: 0, tableKind: nil))
            return number.values(&reached)
        case .onColumnNodes(let nodes, let number):
            var own = NodeBatch(RowBatch(nodes: batch.own(nodes), start: 0, tableKind: nil))
            return number.values(&own)
        case .wholeDays(let milliseconds):
            return milliseconds.values(&batch).combined(.constant(86_400_000)) { ($0 / $1, false) }
        case .absolute(let number):
            return number.values(&batch).combined(.constant(0)) { x, zero in
                x < 0 ? zero.subtractingReportingOverflow(x) : (x, false)
            }
        case .coalesced(let numbers):
            var first = numbers[0].values(&batch)
            for number in numbers.dropFirst() { first = first.coalesced(with: number.values(&batch)) }
            return first
        case .arithmetic(let op, let left, let right):
            let (a, b) = (left.values(&batch), right.operand(&batch))
            // One loop per operator: no choice made per row.
            return switch op {
            case .add: a.combined(b) { $0.addingReportingOverflow($1) }
            case .subtract: a.combined(b) { $0.subtractingReportingOverflow($1) }
            case .multiply: a.combined(b) { $0.multipliedReportingOverflow(by: $1) }
            default:
                // By 0 there is no remainder: worked out by 1 and marked overflowed.
                a.combined(b) { x, y in
                    let outcome = x.remainderReportingOverflow(dividingBy: y == 0 ? 1 : y)
                    return (outcome.partialValue, outcome.overflow || y == 0)
                }
            }
        }
    }
}

extension Number {
    /// The right side of an operator: a constant as it is, not made into a number per row.
    func operand(_ batch: inout NodeBatch) -> Numbers.Operand {
        if case .constant(let number) = self { return .constant(number) }
        return .numbers(values(&batch))
    }
}

/// Whole numbers of a batch's rows: a number and whether there is one (1) or not (0) for each
/// row, so that a loop over them reads no optional and takes no branch per row.
struct Numbers {
    let values: [Int64]
    let present: [UInt8]

    /// Rows with no number.
    init(none count: Int) {
        values = Array(repeating: 0, count: count)
        present = Array(repeating: 0, count: count)
    }

    /// The same number for every row.
    init(repeating number: Int64, count: Int) {
        values = Array(repeating: number, count: count)
        present = Array(repeating: 1, count: count)
    }

    /// The numbers of `count` rows, each given by `number` (nil: none).
    @inline(__always)
    init(count: Int, _ number: (Int) -> Int64?) {
        self.init(count: count) { index in number(index).map { ($0, 1) } ?? (0, 0) }
    }

    /// The numbers of `rows` (-1: none) in a column: what is stored for each, and whether it is
    /// a number, read without a branch.
    init(_ rows: [Int32], of column: StoredIntegers) {
        self.init(count: rows.count) { index in
            let row = Int(max(rows[index], 0))
            return (column.storedNumber(at: row), column.presence(at: row) & (rows[index] >= 0 ? 1 : 0))
        }
    }

    /// The numbers of the rows `rows` of a column, in order: copied whole.
    init(tableRows rows: Range<Int>, of column: StoredIntegers) {
        (values, present) = column.copy(of: rows)
    }

    /// The numbers of `count` rows, each given by `entry` with its presence (1 or 0).
    @inline(__always)
    private init(count: Int, entry: (Int) -> (Int64, UInt8)) {
        var values: [Int64] = []
        present = [UInt8](unsafeUninitializedCapacity: count) { present, made in
            values = [Int64](unsafeUninitializedCapacity: count) { values, made in
                for index in 0..<count { (values[index], present[index]) = entry(index) }
                made = count
            }
            made = count
        }
        self.values = values
    }

    /// The number of the row at `index`, nil where it has none.
    @inline(__always)
    func number(at index: Int) -> Int64? {
        present[index] != 0 ? values[index] : nil
    }

    /// Each row's number, nil where it has none.
    var optionals: [Int64?] {
        zip(values, present).map { $1 != 0 ? $0 : nil }
    }

    /// The right side of an operator: numbers of the rows, or one constant for all of them.
    enum Operand {
        case numbers(Numbers)
        case constant(Int64)
    }

    /// `combine` of each number of these with `other`'s, none where either has none or
    /// `combine` overflows.
    @inline(__always)
    func combined(_ other: Operand, _ combine: (Int64, Int64) -> (partialValue: Int64, overflow: Bool)) -> Numbers {
        // Read through buffers: no bounds check per row.
        values.withUnsafeBufferPointer { values in
            present.withUnsafeBufferPointer { present in
                switch other {
                case .constant(let number):
                    return Numbers(count: values.count) { index in
                        let (value, overflow) = combine(values[index], number)
                        return (value, present[index] & (overflow ? 0 : 1))
                    }
                case .numbers(let other):
                    return other.values.withUnsafeBufferPointer { otherValues in
                        other.present.withUnsafeBufferPointer { otherPresent in
                            Numbers(count: values.count) { index in
                                let (value, overflow) = combine(values[index], otherValues[index])
                                return (value, present[index] & otherPresent[index] & (overflow ? 0 : 1))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Each row's number of these, or `other`'s where these have none.
    func coalesced(with other: Numbers) -> Numbers {
        values.withUnsafeBufferPointer { values in
            present.withUnsafeBufferPointer { present in
                other.values.withUnsafeBufferPointer { otherValues in
                    other.present.withUnsafeBufferPointer { otherPresent in
                        Numbers(count: values.count) { index in
                            present[index] != 0 ? (values[index], 1) : (otherValues[index], otherPresent[index])
                        }
                    }
                }
            }
        }
    }

    /// The truth of `holds` for each number of these and `other`'s: unknown where either has
    /// none.
    @inline(__always)
    func truths(_ other: Operand, _ holds: (Int64, Int64) -> Bool) -> [UInt8] {
        switch other {
        case .constant(let number): return truths { holds($0, number) }
        case .numbers(let other):
            let count = values.count
            return [UInt8](unsafeUninitializedCapacity: count) { out, made in
                made = count
                for index in 0..<count {
                    out[index] = Self.truth(
                        both: present[index] & other.present[index], holds(values[index], other.values[index]))
                }
            }
        }
    }

    /// The truth of `holds` for each number: unknown where there is none.
    @inline(__always)
    func truths(_ holds: (Int64) -> Bool) -> [UInt8] {
        let count = values.count
        return [UInt8](unsafeUninitializedCapacity: count) { out, made in
            made = count
            for index in 0..<count { out[index] = Self.truth(both: present[index], holds(values[index])) }
        }
    }

    /// ``Truth/unknown`` when `present` is 0, else yes or no as `holds` says: worked out, not chosen.
    @inline(__always)
    static func truth(both present: UInt8, _ holds: Bool) -> UInt8 {
        (1 &- present) &+ ((holds ? 1 : 0) & present) &* 2
    }
}
