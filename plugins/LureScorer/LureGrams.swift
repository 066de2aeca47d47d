/// The small pieces of a subject the model weighs beside the lexicon: pairs of adjacent
/// characters in Japanese (`ご意`, `意見`, `見を` …, no word splitting needed) and words and
/// pairs of adjacent words in English (`your`, `your views`). They carry what a word list
/// misses — how a subject asks (`意見`, `伺い`, `your`) and what kind of mail it is (`社内`,
/// `講座`, `invoice`) — each with a small learned weight, so that no one of them decides.
enum LureGrams {
    /// Calls `body` with the UTF-8 bytes of each gram of `text` (a ``LureText/matchable(_:)``
    /// text) once, led by a kind byte: `c` for a character pair, `w` for a word or word pair.
    /// The bytes are only valid during the call.
    static func forEach(in text: String, _ body: ([UInt8]) -> Void) {
        var gram: [UInt8] = []
        var seen: [UInt64] = []
        // `kind`, `first`, then (for a pair) a space between words and `second`.
        func emit(_ kind: UInt8, _ first: [UInt8], _ second: [UInt8]? = nil) {
            gram.removeAll(keepingCapacity: true)
            gram.append(kind)
            gram.append(contentsOf: first)
            if let second {
                if kind == word { gram.append(0x20) }
                gram.append(contentsOf: second)
            }
            let hash = hash(gram)
            guard !seen.contains(hash) else { return }
            seen.append(hash)
            body(gram)
        }
        let (pair, word) = (UInt8(ascii: "c"), UInt8(ascii: "w"))
        var letters: [UInt8] = []
        var previousWord: [UInt8] = []
        var character: [UInt8] = []
        var previousCharacter: [UInt8] = []
        func endWord() {
            guard !letters.isEmpty else { return }
            emit(word, letters)
            if !previousWord.isEmpty { emit(word, previousWord, letters) }
            swap(&previousWord, &letters)
            letters.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                previousCharacter.removeAll(keepingCapacity: true)
                let byte = UInt8(scalar.value)
                if (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) {
                    letters.append(byte)
                } else {
                    endWord()
                }
                continue
            }
            endWord()
            previousWord.removeAll(keepingCapacity: true)
            character.removeAll(keepingCapacity: true)
            if let encoded = UTF8.encode(scalar) { character.append(contentsOf: encoded) }
            if !previousCharacter.isEmpty { emit(pair, previousCharacter, character) }
            swap(&previousCharacter, &character)
        }
        endWord()
    }

    /// The hashes of the grams of `text`, each once: what ``forEach(in:_:)`` gives, hashed
    /// (``hash(_:)``) as the bytes are read, without making them — how a subject is scored.
    static func hashes(in text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        func add(_ hash: UInt64) { if !hashes.contains(hash) { hashes.append(hash) } }
        func fed(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* prime }
        let (pair, word) = (fed(basis, UInt8(ascii: "c")), fed(basis, UInt8(ascii: "w")))
        // The word being read (`w` and its letters so far), the pair it ends (the previous
        // word, a space, and its letters so far), and the start of a pair after the last word.
        var letters: UInt64?
        var words: UInt64?
        var afterWord: UInt64?
        var previousCharacter: Unicode.Scalar?
        func endWord() {
            guard let current = letters else { return }
            add(current)
            if let words { add(words) }
            afterWord = fed(current, 0x20)
            letters = nil
            words = nil
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                previousCharacter = nil
                let byte = UInt8(scalar.value)
                if (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) {
                    if letters == nil { (letters, words) = (word, afterWord) }
                    letters = letters.map { fed($0, byte) }
                    words = words.map { fed($0, byte) }
                } else {
                    endWord()
                }
                continue
            }
            endWord()
            afterWord = nil
            if let previous = previousCharacter, let first = UTF8.encode(previous), let second = UTF8.encode(scalar) {
                add(second.reduce(first.reduce(pair, fed), fed))
            }
            previousCharacter = scalar
        }
        endWord()
        return hashes
    }

    /// The grams of `text` as the weights file writes them: `c:意見`, `w:your views`.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        forEach(in: text) { names.append(name(of: $0)) }
        return names
    }

    /// `c:意見` for the bytes `c意見`.
    static func name(of gram: [UInt8]) -> String {
        String(decoding: gram.prefix(1), as: UTF8.self) + ":" + String(decoding: gram.dropFirst(), as: UTF8.self)
    }

    /// The bytes of a gram named `c:意見` (nil for a name of another form).
    static func bytes(named name: String) -> [UInt8]? {
        let utf8 = Array(name.utf8)
        guard utf8.count > 2, utf8[0] == UInt8(ascii: "c") || utf8[0] == UInt8(ascii: "w"), utf8[1] == UInt8(ascii: ":")
        else { return nil }
        return [utf8[0]] + utf8.dropFirst(2)
    }

    /// FNV-1a over the bytes: how the model finds a gram's weight without making a string.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(basis) { ($0 ^ UInt64($1)) &* prime }
    }

    private static let basis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3
}
