import IncidentGraph
import PluginAPI
import QuerySyntax

/// A part of a `where` that reads one text property of the row's node (`vector starts with
/// "spear"`, `lower(vector) contains "link"`), only the node one link chain reaches
/// (`lure.lang == "ja"`, `target.name contains "Corp"`), or only the node's built-in `kind`,
/// `provenance`, `status` and `sources` (`status == "REPORTED"`), or only the analyst's `tags`
/// and `notes` (`"lead" in tags`): every row with the same text, reaching the same node, with
/// the same provenance record of the same kind, or without annotations, gives the same truth,
/// so the compiled expression is run once per text, node, record, or annotated node — on the
/// first row that has it — and read for the others.
///
/// The part is worked out for every row, where the general form may stop at an `and` before
/// it; so when it fails on a row, or gives something that is no truth, it is marked
/// ``failed`` and the general form decides the whole condition, error and all.
final class PerKeyTruths {
    /// What makes two rows give the same truth.
    private enum Key {
        /// The text number of a property (texts numbered identically, scalar for scalar).
        case text(PropertyReader, TextCodes)
        /// The node a link chain reaches.
        case linkedNode([LinkTargets])
        /// The node's provenance record, numbered kind after kind.
        case record(NodeProvenances)
        /// Whether the node has tags or notes, by node number: 0 for every node without any,
        /// its own number from 1 for each node with some.
        case annotations([Int32])
    }

    private let key: Key
    private let test: ExpressionCompiler.Compiled
    /// For a text key, the test worked out on the text's UTF-8 bytes when the expression is
    /// `NAME contains|starts with|ends with|~ "…"`, with no row, value or `String` made (the
    /// property's texts are mostly distinct: a lure's subject); nil where it cannot tell (a `~`
    /// its literal runs do not settle), and the compiled test then decides on the row.
    private let textTest: ((UnsafeBufferPointer<UInt8>) -> Bool?)?
    /// The truth of each key met (``unknown`` until then), the last slot for rows with none.
    private var truthOfKey: [UInt8]
    private static let unknown: UInt8 = 0xFF
    /// Whether the test failed on a row, or gave a value that is neither true, false nor null.
    private(set) var failed = false

    /// The part for `expression` when it reads one text property or one link chain's node.
    init?(_ expression: Expression, _ compiler: ExpressionCompiler) {
        if case .chain(let chain) = compiler.dependence(expression), let hops = compiler.linkChainTargets(chain) {
            key = .linkedNode(hops)
            truthOfKey = [UInt8](repeating: Self.unknown, count: compiler.graph.nodeCount + 1)
            textTest = nil
        } else if let names = compiler.namesRead(expression), !names.isEmpty,
            names.allSatisfy(compiler.readsRecordField)
        {
            let records = compiler.graph.provenances()
            key = .record(records)
            truthOfKey = [UInt8](repeating: Self.unknown, count: records.count + 1)
            textTest = nil
        } else if let names = compiler.namesRead(expression), !names.isEmpty,
            names.allSatisfy(compiler.readsAnnotation)
        {
            let state = compiler.semantics.context.state
            var keyOfNode = [Int32](repeating: 0, count: compiler.graph.nodeCount)
            var annotated: Int32 = 0
            for node in Set(state.tags.keys).union(state.notes.keys) where node.index < keyOfNode.count {
                annotated += 1
                keyOfNode[node.index] = annotated
            }
            key = .annotations(keyOfNode)
            truthOfKey = [UInt8](repeating: Self.unknown, count: Int(annotated) + 2)
            textTest = nil
        } else if let property = Self.onlyProperty(expression, compiler),
            let reader = compiler.directProperty(property),
            reader.type == .string, let codes = compiler.directTextCodes(property), codes.numbersIdenticalTexts
        {
            key = .text(reader, codes)
            truthOfKey = [UInt8](repeating: Self.unknown, count: codes.count + 1)
            textTest = Self.textTest(expression, of: property, compiler.semantics.context)
        } else {
            return nil
        }
        test = compiler.compile(expression)
    }

    /// The truth for each row of `batch`.
    func truths(_ batch: inout NodeBatch) -> [UInt8] {
        let keys: [Int32]
        switch key {
        case .linkedNode(let hops):
            keys = Part.reached(through: hops, from: batch.nodes)
        case .text(let reader, let codes):
            let rows = batch.rows(reader)
            keys = codes.withRowCodes { codes in rows.map { $0 >= 0 ? codes[Int($0)] : -1 } }
        case .record(let records):
            keys = records.withNumbers { record in batch.nodes.map { $0 < 0 ? -1 : Int32(record[Int($0)]) } }
        case .annotations(let keyOfNode):
            keys = batch.nodes.map { $0 < 0 ? -1 : keyOfNode[Int($0)] }
        }
        // The truths known are taken out of the object for the loop, so that reading and
        // writing them is not checked for exclusive access each time.
        var known: [UInt8] = []
        swap(&known, &truthOfKey)
        defer { swap(&known, &truthOfKey) }
        guard let textTest, case .text(_, let codes) = key, let utf8 = codes.utf8 else {
            return truths(keys, batch.nodes, &known) { _ in nil }
        }
        return utf8.withTexts { text in truths(keys, batch.nodes, &known) { textTest(text[Int($0)]) } }
    }

    /// The truth of each of `keys` (of rows of `nodes`): the one known, else the one
    /// `truthOfText` gives for a text's number, else the compiled test's on the row.
    private func truths(
        _ keys: [Int32], _ nodes: [Int32], _ known: inout [UInt8], truthOfText: (Int32) -> Bool?
    ) -> [UInt8] {
        var truths = [UInt8](repeating: Truth.unknown, count: keys.count)
        for (index, key) in keys.enumerated() {
            let slot = key >= 0 ? Int(key) : known.count - 1
            if known[slot] == Self.unknown {
                let holds = key >= 0 ? truthOfText(key) : nil
                known[slot] = holds.map { $0 ? Truth.yes : Truth.no } ?? truth(onNode: nodes[index])
            }
            truths[index] = known[slot]
        }
        return truths
    }

    /// The test of `NAME contains|starts with|ends with|~ "…"` on a text of the property `name`,
    /// as ``Semantics`` tests a text; nil for any other expression, and for a regular expression
    /// that does not compile (the compiled test gives its error).
    private static func textTest(_ expression: Expression, of name: String, _ context: EvaluationContext)
        -> ((UnsafeBufferPointer<UInt8>) -> Bool?)?
    {
        guard case .binary(let op, let subject, let literal) = expression.kind, case .name(name) = subject.kind,
            case .literal(.string(let part)) = literal.kind
        else { return nil }
        let needle = Array(part.utf8)
        switch op {
        case .contains: return { text in needle.withUnsafeBufferPointer { Semantics.containsBytes(text, $0) } }
        case .startsWith, .endsWith:
            let atStart = op == .startsWith
            return { text in needle.withUnsafeBufferPointer { Semantics.bounds(text, atStart: atStart, $0) } }
        case .matches:
            guard case .success = context.regexes.expression(part), let quick = context.regexes.quickMatch(part) else {
                return nil
            }
            return quick.match(inUTF8:)
        default: return nil
        }
    }

    /// The truth for every node with the provenance record node `node` has, when the part
    /// reads only the built-ins the record decides; nil for any other part.
    func truthOfRecord(onNode node: Int32) -> UInt8? {
        guard case .record = key else { return nil }
        return truth(onNode: node)
    }

    /// The test's truth on a row of the node numbered `node` (-1: a row without one).
    private func truth(onNode node: Int32) -> UInt8 {
        let row = Row(node: node >= 0 ? NodeID(index: Int(node)) : nil, values: [])
        switch try? test(row) {
        case .bool(true): return Truth.yes
        case .bool(false): return Truth.no
        case .null: return Truth.unknown
        default:
            failed = true
            return Truth.unknown
        }
    }

    /// The one property `expression` reads from the row, when it reads nothing else:
    /// names, constants, operators and the language's own functions.
    private static func onlyProperty(_ expression: Expression, _ compiler: ExpressionCompiler) -> String? {
        guard let names = compiler.namesRead(expression), names.count == 1 else { return nil }
        return names.first
    }
}
