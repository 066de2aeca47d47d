import IncidentGraph
import PluginAPI
import QuerySyntax

/// `min`, `max`, `first` or `last` of the built-in `id`, or of a `string` property whose texts
/// rarely repeat (`lures | summarize max(subject)`): each group's chosen text, found a batch of
/// rows at a time with the texts compared as their UTF-8 bytes (the order of texts,
/// ``UTF8Order``), their first eight bytes as one number first; no value is made for a row,
/// only the chosen text's once per group. A row with no text (no node, none of the property) is
/// null, which these aggregates skip.
struct TextChoice {
    /// Which row's text a group keeps.
    enum Rule {
        case least, greatest, first, last

        /// The rule of the aggregate `name`; nil for one that chooses no value.
        init?(aggregate name: String) {
            switch name {
            case "min": self = .least
            case "max": self = .greatest
            case "first": self = .first
            case "last": self = .last
            default: return nil
            }
        }

        /// Whether a group that keeps the text `kept` keeps `text` instead (each with its first
        /// eight bytes as one number): the least keeps the first of equal texts and the
        /// greatest the last, as the general aggregates do.
        @inline(__always)
        func replaces(
            kept: (word: UInt64, bytes: UnsafeBufferPointer<UInt8>),
            with text: (word: UInt64, bytes: UnsafeBufferPointer<UInt8>)
        ) -> Bool {
            switch self {
            case .first: false
            case .last: true
            case .least:
                text.word < kept.word || text.word == kept.word && UTF8Order.precedes(text.bytes, kept.bytes)
            case .greatest:
                text.word > kept.word || text.word == kept.word && !UTF8Order.precedes(text.bytes, kept.bytes)
            }
        }
    }

    /// Where the rows' texts are read.
    enum Source {
        /// Each row's node's id, from the ids' bytes in one buffer (``IncidentGraph/idBytes``).
        case id
        /// Each row's text of the property, from its column.
        case property(PropertyReader)
    }

    let rule: Rule
    let source: Source

    /// The choice for the aggregate `name` of `argument`; nil for another aggregate, and an
    /// argument that is not `id` or a `string` property of one kind.
    init?(aggregate name: String, of argument: Expression, _ compiler: ExpressionCompiler) {
        guard let rule = Rule(aggregate: name), case .name(let property) = argument.kind else { return nil }
        if compiler.readsID(property) {
            source = .id
        } else if let reader = compiler.directProperty(property), reader.type == .string {
            source = .property(reader)
        } else {
            return nil
        }
        self.rule = rule
    }

    /// How many rows of each of `groupCount` groups have a text, and the text each group chose
    /// (null: none); `groups` nil puts every row in group 0, and rows in
    /// ``GroupAssignment/leftOut`` are skipped.
    func choose(_ input: RowSet, groups: [Int32]?, groupCount: Int, context: EvaluationContext)
        throws(Diagnostic) -> (counts: [Int], chosen: [Value])
    {
        let slots = Slots(count: groupCount)
        switch source {
        case .id:
            let ids = context.graph.idBytes
            try RowBatches.forEach(input, context: context) { batch in
                ids.withTexts { ids in
                    for (offset, node) in batch.nodes.enumerated() where node >= 0 {
                        slots.take(
                            ids[Int(node)], number: Int(node), group: groups?[batch.start + offset] ?? 0, by: rule
                        ) { ids[$0] }
                    }
                }
            }
            return slots.result { .string(context.graph.id(of: NodeID(index: $0))) }
        case .property(let reader):
            try RowBatches.forEach(input, context: context) { batch in
                for (offset, row) in batch.rows(reader).enumerated() where row >= 0 {
                    guard var text = reader.text(atRow: Int(row)) else { continue }
                    text.withUTF8 { bytes in
                        slots.take(bytes, number: Int(row), group: groups?[batch.start + offset] ?? 0, by: rule) {
                            kept, body in
                            var keptText = reader.text(atRow: kept) ?? ""
                            return keptText.withUTF8(body)
                        }
                    }
                }
            }
            return slots.result { reader.text(atRow: $0).map(Value.string) ?? .null }
        }
    }
}

/// Each group's count of texts and chosen one (by a number the source reads it back by, -1:
/// none, and its first eight bytes), with one more slot for the rows left out, dropped at the end.
/// In memory of its own: the batches' closures write it for every row, and an array they
/// captured would be checked for sharing at each write.
private final class Slots {
    private let counts: UnsafeMutableBufferPointer<Int>
    private let numbers: UnsafeMutableBufferPointer<Int>
    private let leading: UnsafeMutableBufferPointer<UInt64>
    private let spare: Int

    init(count: Int) {
        spare = count
        counts = .allocate(capacity: count + 1)
        counts.initialize(repeating: 0)
        numbers = .allocate(capacity: count + 1)
        numbers.initialize(repeating: -1)
        leading = .allocate(capacity: count + 1)
        leading.initialize(repeating: 0)
    }

    deinit {
        counts.deallocate()
        numbers.deallocate()
        leading.deallocate()
    }

    /// Counts a row's text `bytes` in its group and keeps it there when `rule` says so; `kept`
    /// reads the bytes of the text the group keeps.
    @inline(__always)
    func take(
        _ bytes: UnsafeBufferPointer<UInt8>, number: Int, group: Int32, by rule: TextChoice.Rule,
        kept: (Int) -> UnsafeBufferPointer<UInt8>
    ) {
        take(bytes, number: number, group: group, by: rule) { number, body in body(kept(number)) }
    }

    /// ``take(_:number:group:by:kept:)`` for a source whose bytes are valid only inside a call.
    @inline(__always)
    func take(
        _ bytes: UnsafeBufferPointer<UInt8>, number: Int, group: Int32, by rule: TextChoice.Rule,
        withKept: (Int, (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool
    ) {
        let slot = group == GroupAssignment.leftOut ? spare : Int(group)
        counts[slot] += 1
        let word = UTF8Order.leadingWord(bytes)
        let keptNumber = numbers[slot]
        let replaces =
            keptNumber < 0
            || withKept(keptNumber) { kept in
                rule.replaces(kept: (leading[slot], kept), with: (word, bytes))
            }
        if replaces { (numbers[slot], leading[slot]) = (number, word) }
    }

    /// The counts, and each group's chosen text as `value` makes it from its number.
    func result(_ value: (Int) -> Value) -> (counts: [Int], chosen: [Value]) {
        (Array(counts.dropLast()), numbers.dropLast().map { $0 < 0 ? .null : value($0) })
    }
}
