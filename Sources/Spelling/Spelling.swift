/// "Did you mean" suggestions by edit distance.
public enum Spelling {
    /// The candidate closest to `word`, if it is close enough to be a likely typo; of several as
    /// close, the first in the order of their texts, so that candidates kept in a set (whose
    /// order changes from one process to the next) give the same suggestion every time.
    ///
    /// Close enough means at most a third of the word's length in edits (at least one).
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        guard word.count <= longestWord else { return nil }
        let limit = max(1, word.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            guard distance <= limit else { continue }
            if let best, (best.distance, best.name) <= (distance, candidate) { continue }
            best = (candidate, distance)
        }
        return best?.name
    }

    /// Longer words are not typos of a name; comparing them would only cost time.
    static let longestWord = 64

    /// Levenshtein distance between two strings, by characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let left = Array(a)
        let right = Array(b)
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        var current = previous
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}
