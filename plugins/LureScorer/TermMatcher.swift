/// Finds which groups of terms occur in a text in one pass over its UTF-8 bytes (an
/// Aho–Corasick automaton with a full transition table), so a subject is scanned once however
/// many lexicon terms there are. Matching bytes is matching characters: UTF-8 sequences cannot
/// start inside one another, and Japanese needs no word boundaries.
struct TermMatcher: Sendable {
    /// `transitions[state * 256 + byte]` is the next state.
    private let transitions: [Int32]
    /// The groups whose terms end at each state, as a bit set.
    private let endings: [UInt64]

    /// Most groups a matcher can tell apart.
    static let maximumGroups = 64

    /// A matcher for `groups` of terms (at most 64 groups); a text's result has bit `i` set
    /// when a term of group `i` occurs in it.
    init(groups: [[String]]) {
        var children: [[UInt8: Int32]] = [[:]]
        var endings: [UInt64] = [0]
        for (group, terms) in groups.prefix(Self.maximumGroups).enumerated() {
            for term in terms where !term.isEmpty {
                var state: Int32 = 0
                for byte in term.utf8 {
                    if let next = children[Int(state)][byte] {
                        state = next
                    } else {
                        children.append([:])
                        endings.append(0)
                        let next = Int32(children.count - 1)
                        children[Int(state)][byte] = next
                        state = next
                    }
                }
                endings[Int(state)] |= 1 << UInt64(group)
            }
        }
        // Breadth first: each state's failure link is the longest proper suffix that is also a
        // prefix of a term; missing transitions follow it, and endings are inherited along it.
        var transitions = [Int32](repeating: 0, count: children.count * 256)
        var failure = [Int32](repeating: 0, count: children.count)
        var queue: [Int32] = []
        for (byte, next) in children[0] {
            transitions[Int(byte)] = next
            queue.append(next)
        }
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            let fallback = Int(failure[state]) * 256
            endings[state] |= endings[Int(failure[state])]
            // The failure state's row (worked out already: it is nearer the root), then the
            // state's own children over it: no lookup for each of the 256 bytes.
            for byte in 0..<256 { transitions[state * 256 + byte] = transitions[fallback + byte] }
            for (byte, next) in children[state] {
                failure[Int(next)] = transitions[fallback + Int(byte)]
                transitions[state * 256 + Int(byte)] = next
                queue.append(next)
            }
        }
        self.transitions = transitions
        self.endings = endings
    }

    /// The groups with a term in `text`, as a bit set.
    func groups(in text: String) -> UInt64 {
        var state = 0
        var found: UInt64 = 0
        for byte in text.utf8 {
            state = Int(transitions[state &* 256 &+ Int(byte)])
            found |= endings[state]
        }
        return found
    }
}
