import IncidentGraph
import PluginAPI
import QuerySyntax

/// `min(id)`, `max(id)`, `first(id)` and `last(id)`: each group's chosen node, found a batch of
/// rows at a time with the ids compared as their UTF-8 bytes (the order of texts,
/// ``UTF8Order``), their first eight bytes as one number first; no value is made for a row, only
/// the chosen node's id once per group. A row with no node has no id (null), which these
/// aggregates skip.
enum IDChoice {
    /// Which row's id a group keeps.
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

        /// Whether a group that keeps the id `kept` keeps `id` instead (each with its first
        /// eight bytes as one number): the least keeps the first of equal ids and the greatest
        /// the last, as the general aggregates do.
        @inline(__always)
        func replaces(
            kept: (word: UInt64, id: UnsafeBufferPointer<UInt8>),
            with id: (word: UInt64, id: UnsafeBufferPointer<UInt8>)
        ) -> Bool {
            switch self {
            case .first: false
            case .last: true
            case .least: id.word < kept.word || id.word == kept.word && UTF8Order.precedes(id.id, kept.id)
            case .greatest: id.word > kept.word || id.word == kept.word && !UTF8Order.precedes(id.id, kept.id)
            }
        }
    }

    /// How many rows of each of `groupCount` groups have an id, and the node each group chose
    /// (-1: none); `groups` nil puts every row in group 0, and rows in
    /// ``GroupAssignment/leftOut`` are skipped.
    static func choose(
        _ rule: Rule, _ input: RowSet, groups: [Int32]?, groupCount: Int, context: EvaluationContext
    ) throws(Diagnostic) -> (counts: [Int], nodes: [Int32]) {
        // Rows left out go to one more slot, dropped at the end.
        let spare = groupCount
        var counts = [Int](repeating: 0, count: spare + 1)
        var nodes = [Int32](repeating: -1, count: spare + 1)
        // The chosen id's first eight bytes, beside its node: most comparisons end there.
        var leading = [UInt64](repeating: 0, count: spare + 1)
        let ids = context.graph.idBytes
        try RowBatches.forEach(input, context: context) { batch in
            // Through buffers: an array captured by this closure is boxed, and each write to it
            // would check that it is not shared.
            withMutableBuffers(&counts, &nodes, &leading) { counts, nodes, leading in
                ids.withTexts { ids in
                    for (offset, node) in batch.nodes.enumerated() where node >= 0 {
                        let group = groups?[batch.start + offset] ?? 0
                        let slot = group == GroupAssignment.leftOut ? spare : Int(group)
                        counts[slot] += 1
                        let id = ids[Int(node)]
                        let word = UTF8Order.leadingWord(id)
                        let kept = nodes[slot]
                        if kept < 0 || rule.replaces(kept: (word: leading[slot], id: ids[Int(kept)]), with: (word, id))
                        {
                            (nodes[slot], leading[slot]) = (node, word)
                        }
                    }
                }
            }
        }
        counts.removeLast()
        nodes.removeLast()
        return (counts, nodes)
    }
}
