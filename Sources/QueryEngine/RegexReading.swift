/// A regular expression read in the part of ICU's syntax ``RegexAutomaton`` matches itself:
/// characters, `.`, classes such as `[^a-z\d]`, `\d` `\w` `\s` and their negations, groups,
/// alternatives, `*` `+` `?` and counts `{n,m}` (lazy or not), `^` and `$`, and the flags
/// `(?i)`, `(?m)`, `(?s)` at the start. Anything else — look-around, back-references, `\b`,
/// possessive or atomic forms, nested or intersected classes, `\p{…}`, free spacing, escapes
/// not listed — is not read, and ICU matches that pattern.
struct RegexReading {
    /// The pattern as a tree.
    let node: Node
    /// Whether the pattern starts with `(?i)`: case is ignored, and texts with characters beyond
    /// ASCII that have case go to ICU.
    let caseInsensitive: Bool
    /// Whether the pattern starts with `(?m)`: `^` and `$` also match at line terminators.
    let multiline: Bool

    /// A regular expression's parts.
    indirect enum Node {
        /// One character of the set.
        case character(RegexCharacterSet)
        /// The parts one after the other (nothing, when empty).
        case sequence([Node])
        /// Any one of the alternatives.
        case choice([Node])
        /// The part `least` times or more, at most `most` times (no limit when nil).
        case repeated(Node, least: Int, most: Int?)
        /// `^`: where the text starts.
        case textStart
        /// `$`: where the text ends.
        case textEnd

        /// Whether every match of the part ends with `$`.
        var endsWithTextEnd: Bool {
            switch self {
            case .textEnd: true
            case .sequence(let parts): parts.last?.endsWithTextEnd ?? false
            case .choice(let alternatives): alternatives.allSatisfy(\.endsWithTextEnd)
            case .character, .repeated, .textStart: false
            }
        }

        /// The part read backwards.
        var reversed: Node {
            switch self {
            case .character: self
            case .sequence(let parts): .sequence(parts.reversed().map(\.reversed))
            case .choice(let alternatives): .choice(alternatives.map(\.reversed))
            case .repeated(let part, let least, let most): .repeated(part.reversed, least: least, most: most)
            case .textStart: .textEnd
            case .textEnd: .textStart
            }
        }

        /// Whether the part can match without reading a character.
        var matchesEmptyText: Bool {
            switch self {
            case .character: false
            case .sequence(let parts): parts.allSatisfy(\.matchesEmptyText)
            case .choice(let alternatives): alternatives.contains(where: \.matchesEmptyText)
            case .repeated(let part, let least, _): least == 0 || part.matchesEmptyText
            case .textStart, .textEnd: true
            }
        }
    }

    /// Counts larger than this (`a{5000}`) are left to ICU.
    static let largestCount = 1_000

    /// The reading of `pattern`; nil when it uses syntax outside the part read here.
    init?(pattern: String) {
        var reader = Reader(scalars: Array(pattern.unicodeScalars))
        guard reader.readFlags(), let node = reader.choice(), reader.index == reader.scalars.count else { return nil }
        self.node = node
        caseInsensitive = reader.caseInsensitive
        multiline = reader.multiline
    }

    private init(node: Node, caseInsensitive: Bool, multiline: Bool) {
        (self.node, self.caseInsensitive, self.multiline) = (node, caseInsensitive, multiline)
    }

    /// Whether every match ends where the text does: each alternative ends with `$`, outside
    /// multi-line mode (`\.pdf$`, `[0-9]+\)$`).
    var endsWhereTextEnds: Bool { !multiline && node.endsWithTextEnd }

    /// The expression that matches the texts this one matches, read backwards: parts in the
    /// opposite order, `^` and `$` swapped.
    var reversed: RegexReading {
        RegexReading(node: node.reversed, caseInsensitive: caseInsensitive, multiline: multiline)
    }

    /// The reader's place in the pattern.
    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0
        var caseInsensitive = false
        var multiline = false

        private var next: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        /// Flags `(?ims)` at the start; false for any other flag (free spacing `x` changes what
        /// every character means).
        mutating func readFlags() -> Bool {
            guard scalars.starts(with: "(?".unicodeScalars),
                let close = scalars.firstIndex(of: ")"),
                case let flags = scalars[2..<close], flags.first.map({ "ims".unicodeScalars.contains($0) }) == true
            else { return true }
            guard flags.allSatisfy({ "ims".unicodeScalars.contains($0) }) else { return false }
            caseInsensitive = flags.contains("i")
            multiline = flags.contains("m")
            index = close + 1
            return true
        }

        /// Alternatives separated by `|`, up to a `)` or the end.
        mutating func choice() -> Node? {
            var alternatives: [Node] = []
            repeat {
                if !alternatives.isEmpty { index += 1 }
                guard let alternative = sequence() else { return nil }
                alternatives.append(alternative)
            } while next == "|"
            return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
        }

        /// Parts one after the other, each with its quantifier, up to a `|`, a `)` or the end.
        private mutating func sequence() -> Node? {
            var parts: [Node] = []
            while let scalar = next, scalar != "|", scalar != ")" {
                guard let part = atom(), let quantified = quantifier(on: part) else { return nil }
                parts.append(quantified)
            }
            return parts.count == 1 ? parts[0] : .sequence(parts)
        }

        /// One part without its quantifier.
        private mutating func atom() -> Node? {
            guard let scalar = next else { return nil }
            index += 1
            switch scalar {
            case "(": return group()
            case "[": return characterClass().map(Node.character)
            case ".": return .character(.any)
            case "^": return .textStart
            case "$": return .textEnd
            case "\\":
                guard let escaped = escape() else { return nil }
                switch escaped {
                case .literal(let literal): return character(literal)
                case .property(let property): return .character(RegexCharacterSet(classes: [property]))
                }
            case "*", "+", "?", "{", "}", "]", ")": return nil
            default: return character(scalar)
            }
        }

        /// A literal character; under `(?i)` an ASCII letter stands for both its cases.
        private func character(_ scalar: Unicode.Scalar) -> Node? {
            guard caseInsensitive else { return .character(.scalar(scalar)) }
            return RegexCharacterSet.scalar(scalar).closedOverASCIICase().map(Node.character)
        }

        /// A group after its `(`: `(…)`, `(?:…)` or `(?<name>…)`.
        private mutating func group() -> Node? {
            if next == "?" {
                index += 1
                if next == ":" {
                    index += 1
                } else if next == "<", index + 1 < scalars.count, scalars[index + 1].properties.isAlphabetic {
                    guard let close = scalars[index...].firstIndex(of: ">"),
                        scalars[(index + 1)..<close].allSatisfy({
                            $0.properties.isAlphabetic || ("0"..."9").contains($0)
                        })
                    else { return nil }
                    index = close + 1
                } else {
                    return nil
                }
            }
            guard let inner = choice(), next == ")" else { return nil }
            index += 1
            return inner
        }

        /// A class after its `[`: characters, ranges `a-z` and `\d`-like classes, negated by a
        /// leading `^`. Nested classes, `&&`, `--`, a `]` first and a `-` that neither starts nor
        /// ends the class nor makes a range are not read.
        private mutating func characterClass() -> RegexCharacterSet? {
            var set = RegexCharacterSet()
            if next == "^" {
                set.negated = true
                index += 1
            }
            guard next != "]" else { return nil }
            var first = true
            while let scalar = next, scalar != "]" {
                index += 1
                defer { first = false }
                let start: Unicode.Scalar
                switch scalar {
                case "[": return nil
                case "&" where next == "&": return nil
                case "-":
                    guard first || next == "]", next != "-" else { return nil }
                    start = scalar
                case "\\":
                    switch escape() {
                    case .literal(let literal): start = literal
                    case .property(let property):
                        guard next != "-" || index + 1 < scalars.count && scalars[index + 1] == "]" else { return nil }
                        set.classes.append(property)
                        continue
                    case nil: return nil
                    }
                default: start = scalar
                }
                guard next == "-", index + 1 < scalars.count, scalars[index + 1] != "]" else {
                    set.ranges.append(start.value...start.value)
                    continue
                }
                index += 1
                guard let end = rangeEnd(), start.value <= end.value else { return nil }
                set.ranges.append(start.value...end.value)
                // `[a-c-e]`: ICU reads the second `-` as a character; not followed here.
                guard next != "-" || index + 1 < scalars.count && scalars[index + 1] == "]" else { return nil }
            }
            guard next == "]" else { return nil }
            index += 1
            return caseInsensitive ? set.closedOverASCIICase() : set
        }

        /// The character that ends a range, after its `-`.
        private mutating func rangeEnd() -> Unicode.Scalar? {
            guard let scalar = next, scalar != "[", scalar != "-" else { return nil }
            index += 1
            guard scalar == "\\" else { return scalar }
            guard case .literal(let literal) = escape() else { return nil }
            return literal
        }

        /// What an escape after its `\` stands for.
        private enum Escaped {
            case literal(Unicode.Scalar)
            case property(RegexCharacterSet.PropertyClass)
        }

        /// The escape after a `\`: a class (`\d`), a control character (`\t`), or a punctuation
        /// character taken as itself (`\.`); nil for any other.
        private mutating func escape() -> Escaped? {
            guard let scalar = next else { return nil }
            index += 1
            switch scalar {
            case "d": return .property(.digit)
            case "w": return .property(.word)
            case "s": return .property(.space)
            case "D": return .property(.not(.digit))
            case "W": return .property(.not(.word))
            case "S": return .property(.not(.space))
            case "t": return .literal("\t")
            case "n": return .literal("\n")
            case "r": return .literal("\r")
            case "f": return .literal("\u{0C}")
            case "e": return .literal("\u{1B}")
            case "a": return .literal("\u{07}")
            default:
                let punctuation =
                    (0x20...0x7E).contains(scalar.value) && !scalar.properties.isAlphabetic
                    && !("0"..."9").contains(scalar)
                return punctuation ? .literal(scalar) : nil
            }
        }

        /// The part with the quantifier that follows it, if any.
        private mutating func quantifier(on part: Node) -> Node? {
            let bounds: (least: Int, most: Int?)
            switch next {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                guard let counted = count() else { return nil }
                bounds = counted
            default: return part
            }
            index += 1
            if case .textStart = part { return nil }
            if case .textEnd = part { return nil }
            // A part that can match nothing, repeated (`(x?)*`): ICU stops such loops by rules of
            // its own, and then misses matches (`(x?y?)*?1|[^a]` finds nothing in `台`).
            if bounds.most ?? 2 > 1, part.matchesEmptyText { return nil }
            // Lazy (`*?`) matches where greedy does; possessive (`*+`) may not, and is not read.
            if next == "?" { index += 1 }
            if let following = next, "*+?{".unicodeScalars.contains(following) { return nil }
            return .repeated(part, least: bounds.least, most: bounds.most)
        }

        /// A count `{n}`, `{n,}` or `{n,m}` at the reader's `{`, leaving the reader on its `}`.
        private mutating func count() -> (least: Int, most: Int?)? {
            guard let close = scalars[index...].firstIndex(of: "}") else { return nil }
            let bounds = scalars[(index + 1)..<close].split(separator: ",", omittingEmptySubsequences: false)
            func number(_ digits: ArraySlice<Unicode.Scalar>) -> Int? {
                guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ ("0"..."9").contains($0) }) else {
                    return nil
                }
                let value = digits.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
                return value <= RegexReading.largestCount ? value : nil
            }
            guard (1...2).contains(bounds.count), let least = number(bounds[0]) else { return nil }
            var most: Int? = least
            if bounds.count == 2 {
                most = bounds[1].isEmpty ? nil : number(bounds[1])
                guard bounds[1].isEmpty || most.map({ $0 >= least }) == true else { return nil }
            }
            index = close
            return (least, most)
        }
    }
}
