/// The characters one position of a regular expression matches, as ICU reads them: a literal
/// `a`, `.`, `\d`, `[^a-z\s]`. ``RegexAutomaton`` tests a text's characters against these sets.
struct RegexCharacterSet: Hashable, Sendable {
    /// The scalar values named, as ranges.
    var ranges: [ClosedRange<UInt32>] = []
    /// The Unicode classes named: `\d`, `\w`, `\s` and their negations.
    var classes: [PropertyClass] = []
    /// Whether the set holds every character the ranges and classes do not name (`[^…]`).
    var negated = false

    /// `.`: every character. Line terminators, the only ones ICU's `.` passes over by
    /// default, are never given to the automaton (``RegexAutomaton`` hands such texts to ICU).
    static let any = RegexCharacterSet(negated: true)

    /// The set of one character.
    static func scalar(_ scalar: Unicode.Scalar) -> RegexCharacterSet {
        RegexCharacterSet(ranges: [scalar.value...scalar.value])
    }

    /// Whether the set holds `scalar`; nil when ICU gives no answer for a class it names.
    func contains(_ scalar: Unicode.Scalar) -> Bool? {
        if ranges.contains(where: { $0.contains(scalar.value) }) { return !negated }
        for property in classes {
            guard let holds = property.contains(scalar) else { return nil }
            if holds { return !negated }
        }
        return negated
    }

    /// The set with the other case of every ASCII letter it names, as ICU's case-insensitive
    /// mode closes a set over case before negating it; nil when it names a character beyond
    /// ASCII that has case (its closure in ICU is not followed here).
    func closedOverASCIICase() -> RegexCharacterSet? {
        var closed = self
        for range in ranges {
            guard range.upperBound < 0x80 || Self.caseless(range) else { return nil }
            for (letters, offset) in [(0x41...0x5A, 0x20), (0x61...0x7A, -0x20)] as [(ClosedRange<UInt32>, Int64)] {
                guard range.overlaps(letters) else { continue }
                let shared = range.clamped(to: letters)
                let lower = UInt32(Int64(shared.lowerBound) + offset)
                closed.ranges.append(lower...lower + (shared.upperBound - shared.lowerBound))
            }
        }
        return closed
    }

    /// Whether no character of `range` beyond ASCII has case (Japanese kana and kanji, digits).
    private static func caseless(_ range: ClosedRange<UInt32>) -> Bool {
        guard range.count <= 0x1_0000 else { return false }
        return range.allSatisfy { value in
            guard value >= 0x80, let scalar = Unicode.Scalar(value) else { return true }
            return !RegexCharacterSet.hasCase(scalar)
        }
    }

    /// Whether ICU's case-insensitive matching may take `scalar` for another character: it
    /// changes when its case is mapped or folded (`K`, the Kelvin sign `K`, `ß`).
    static func hasCase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.changesWhenCaseMapped || scalar.properties.changesWhenCaseFolded
    }

    /// ICU's classes of characters by Unicode property.
    enum PropertyClass: Hashable, Sendable {
        /// `\d`: a decimal digit (general category Nd), `０` as well as `0`.
        case digit
        /// `\w`: a letter, mark, decimal digit or connector punctuation, or a zero-width joiner
        /// or non-joiner.
        case word
        /// `\s`: white space (`\t`, the space, the ideographic space `　`).
        case space
        /// `\D`, `\W`, `\S`: a character the class does not hold.
        indirect case not(PropertyClass)

        /// Whether the class holds `scalar`, by ICU's definitions: ASCII characters as listed,
        /// others as ICU answers (``ICUCharacterClasses``); nil when ICU gives no answer.
        func contains(_ scalar: Unicode.Scalar) -> Bool? {
            let value = scalar.value
            switch self {
            case .digit where value < 0x80: return (0x30...0x39).contains(value)
            case .word where value < 0x80:
                return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                    || value == 0x5F
            case .space where value < 0x80: return (0x09...0x0D).contains(value) || value == 0x20
            case .digit, .word, .space:
                let classes = ICUCharacterClasses.classes(of: scalar)
                guard classes != ICUCharacterClasses.undecided else { return nil }
                return classes & icuBit != 0
            case .not(let inner):
                return inner.contains(scalar).map { !$0 }
            }
        }

        /// The class's bit in ``ICUCharacterClasses/classes(of:)`` (none for a negation).
        private var icuBit: UInt8 {
            switch self {
            case .digit: ICUCharacterClasses.digit
            case .word: ICUCharacterClasses.word
            case .space: ICUCharacterClasses.space
            case .not: 0
            }
        }
    }
}
