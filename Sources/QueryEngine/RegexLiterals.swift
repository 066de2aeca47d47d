/// Texts a regular expression cannot match without: for each of its top-level alternatives, the
/// longest run of plain characters every match of that alternative contains (`taiwan` in
/// `(?i)\btaiwan\b`, `MirrorFace` and `LODEINFO` in `MirrorFace|LODEINFO`). A text that holds
/// none of them is answered "no match" without running the matcher, which on most texts of a
/// large table is what it would say, after reading each one as UTF-16; a pattern that is only
/// plain characters (`Taiwan|台湾`) is answered "match" by a text that holds one, and one of them
/// after `^` (`^Re:`) by a text that starts with it.
///
/// The reading is conservative: any syntax it does not follow for certain (inline flags after
/// the start, `\Q`, escapes it does not know, braces that are no count, free-spacing mode) gives
/// no literals, and the matcher runs on every text.
struct RegexLiterals: Equatable {
    /// One run per alternative, as UTF-8; lowercase ASCII when `caseInsensitive`.
    let runs: [[UInt8]]
    /// Whether the pattern starts with `(?i)`: the runs are then ASCII, compared ignoring case.
    let caseInsensitive: Bool
    /// Whether each alternative is its run and nothing else (`Taiwan|台湾`), or `^` and its run:
    /// a text that holds a run (at its start for the second) is then a match.
    let plain: Bool
    /// For each run, whether its alternative is `^` and the run, without multi-line mode: its
    /// matches start where the text does.
    let anchored: [Bool]
    /// For each run, the bit set in a text's byte before it is compared with the run's: 0x20
    /// under an ASCII letter when case is ignored (the letter then matches either case and
    /// nothing else), else none.
    private let caseBits: [[UInt8]]

    /// The runs of `pattern`; nil when some alternative has none, or the pattern is not read.
    init?(pattern: String) {
        var characters = Array(pattern.unicodeScalars)[...]
        var (caseInsensitive, multiline) = (false, false)
        // Flags at the start, `(?i)`; only those that leave plain characters plain (not x, free spacing).
        if characters.starts(with: "(?".unicodeScalars), let close = characters.firstIndex(of: ")"),
            case let flags = characters[characters.startIndex + 2..<close],
            !flags.isEmpty, flags.allSatisfy({ "imswx-".unicodeScalars.contains($0) })
        {
            guard !flags.contains("x") else { return nil }
            caseInsensitive = flags.prefix { $0 != "-" }.contains("i")
            multiline = flags.prefix { $0 != "-" }.contains("m")
            characters = characters[(close + 1)...]
        }
        // A pattern that is one group, `(…)` or `(?:…)` (`(taiwan|台湾)`): its alternatives are
        // the pattern's.
        let opening = Array(characters.dropFirst().prefix(2))
        if characters.first == "(", Self.groupEnd(characters, from: characters.startIndex) == characters.endIndex - 1,
            let skipped = opening.first != "?" ? 1 : opening == ["?", ":"] ? 3 : nil
        {
            characters = characters[(characters.startIndex + skipped)..<(characters.endIndex - 1)]
        }
        var runs: [[UInt8]] = []
        var anchored: [Bool] = []
        var plain = true
        for alternative in Self.alternatives(characters) {
            guard let run = Self.longestRun(alternative), !run.isEmpty else { return nil }
            // `^` then the run and nothing else: `^` is not a character of the run.
            let startsText = !multiline && alternative.first == "^" && run.count == alternative.count - 1
            anchored.append(startsText)
            plain = plain && (run.count == alternative.count || startsText)
            var bytes = Array(String(String.UnicodeScalarView(run)).utf8)
            if caseInsensitive {
                // Beyond ASCII, only characters no case change touches (Japanese): compared as
                // they are, as ignoring case matches them.
                guard run.allSatisfy({ $0.isASCII || CaseChange.changesByteByByte($0) }) else { return nil }
                bytes = bytes.map(Self.lowercased)
            }
            runs.append(bytes)
        }
        guard !runs.isEmpty else { return nil }
        self.runs = runs
        self.caseInsensitive = caseInsensitive
        self.plain = plain
        self.anchored = anchored
        caseBits = runs.map { run in run.map { caseInsensitive && (0x61...0x7A).contains($0) ? 0x20 : 0 } }
    }

    /// Whether the pattern matches somewhere in `text`, when the runs tell: false when it
    /// holds none of them, true when it holds one and the pattern is ``plain``; nil otherwise.
    func match(in text: String) -> Bool? {
        var text = text
        return text.withUTF8(match(inUTF8:))
    }

    /// ``match(in:)`` of a text given as its UTF-8 bytes.
    func match(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        if caseInsensitive, Self.holdsFoldingToASCII(bytes) { return nil }
        let holdsRun = runs.indices.contains { index in
            anchored[index]
                ? Self.starts(bytes, with: runs[index], caseBits: caseBits[index])
                : Self.occurs(runs[index], caseBits: caseBits[index], in: bytes)
        }
        return holdsRun ? (plain ? true : nil) : false
    }

    /// Whether UTF-8 text holds a character that ``foldsToASCII(_:)``, read from its bytes: the
    /// UTF-8 forms of those characters, each told by its first two bytes and, for three-byte
    /// ones, the range of its last.
    static func holdsFoldingToASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return false }
        var index = 0
        while index + 1 < bytes.count {
            // Eight ASCII bytes at once: none of them starts such a character.
            if index + 8 <= bytes.count,
                base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            let lead = bytes[index]
            // Most characters beyond ASCII (Japanese: leads E3–E9) start with no such lead.
            guard (0xC3...0xC7).contains(lead) || lead == 0xE1 || lead == 0xE2 || lead == 0xEF else {
                index += lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                continue
            }
            let next = bytes[index + 1]
            switch (lead, next) {
            case (0xC3, 0x9F), (0xC4, 0xB0), (0xC4, 0xB1), (0xC5, 0x89), (0xC5, 0xBF), (0xC7, 0xB0): return true
            case (0xE1, 0xBA), (0xE2, 0x84), (0xEF, 0xAC):
                guard index + 2 < bytes.count else { return false }
                let last = bytes[index + 2]
                switch lead {
                case 0xE1 where (0x96...0x9A).contains(last) || last == 0x9E: return true  // U+1E96–1E9A, U+1E9E
                case 0xE2 where last == 0xAA: return true  // U+212A
                case 0xEF where (0x80...0x86).contains(last): return true  // U+FB00–FB06
                default: break
                }
            default: break
            }
            // On to the next character (the text is UTF-8): a Japanese one is read once, not
            // three times.
            index += lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        return false
    }

    /// Characters beyond ASCII that match an ASCII letter, or a few, when case is ignored (ICU's
    /// case closure and full case folding: the Kelvin sign, long s, ß and ẞ, ligatures such as
    /// ﬁ, dotted and dotless i, and letters whose folding adds a combining mark): a text with
    /// one of them is always given to the matcher.
    static func foldsToASCII(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xDF, 0x130, 0x131, 0x149, 0x17F, 0x1F0, 0x1E96...0x1E9A, 0x1E9E, 0x212A, 0xFB00...0xFB06: true
        default: false
        }
    }

    /// The pattern's top-level alternatives: split at `|` outside groups and classes; none
    /// when its brackets do not balance.
    private static func alternatives(_ characters: ArraySlice<Unicode.Scalar>) -> [ArraySlice<Unicode.Scalar>] {
        guard let marks = groupMarks(characters, from: characters.startIndex), marks.allSatisfy({ $0.depth >= 0 }),
            marks.last?.depth ?? 0 == 0
        else { return [] }
        var parts: [ArraySlice<Unicode.Scalar>] = []
        var start = characters.startIndex
        for mark in marks where mark.character == "|" && mark.depth == 0 {
            parts.append(characters[start..<mark.index])
            start = mark.index + 1
        }
        parts.append(characters[start..<characters.endIndex])
        return parts
    }

    /// The longest run of plain characters that every match of `alternative` contains; nil
    /// when the alternative has syntax this reading does not follow.
    private static func longestRun(_ alternative: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar]? {
        var longest: [Unicode.Scalar] = []
        var run: [Unicode.Scalar] = []
        func endRun() {
            if String(String.UnicodeScalarView(run)).utf8.count > String(String.UnicodeScalarView(longest)).utf8.count {
                longest = run
            }
            run = []
        }
        var index = alternative.startIndex
        while index < alternative.endIndex {
            let character = alternative[index]
            var literal: Unicode.Scalar?
            switch character {
            case "\\":
                guard index + 1 < alternative.endIndex else { return nil }
                let escaped = alternative[index + 1]
                if escaped.properties.isAlphabetic || ("0"..."9").contains(escaped) {
                    // Classes and anchors of one letter; any other (hex, octal, \Q, back-references) is not read.
                    guard "bBdDwWsSAzZGhHvVRX".unicodeScalars.contains(escaped) else { return nil }
                } else {
                    literal = escaped
                }
                index += 1
            case "[":
                guard let end = classEnd(alternative, from: index) else { return nil }
                index = end
            case "(":
                guard alternative[(index + 1)...].first != "?" || groupIsPlain(alternative, at: index) else {
                    return nil
                }
                guard let end = groupEnd(alternative, from: index) else { return nil }
                index = end
            case ".", "^", "$": break
            case "*", "+", "?", "{", "}", "]", ")": return nil  // a quantifier with nothing before it
            default: literal = character
            }
            index += 1
            // A quantifier after the atom: the atom may be missing (*, ?, {0,…}) or repeat (+, {n,…}).
            var optional = false
            var quantified = false
            if index < alternative.endIndex {
                switch alternative[index] {
                case "*", "?":
                    (optional, quantified) = (true, true)
                    index += 1
                case "+":
                    quantified = true
                    index += 1
                case "{":
                    guard let (least, end) = count(alternative, from: index) else { return nil }
                    (optional, quantified) = (least == 0, true)
                    index = end + 1
                default: break
                }
                // A lazy or possessive quantifier.
                if quantified, index < alternative.endIndex, alternative[index] == "?" || alternative[index] == "+" {
                    index += 1
                }
            }
            if let literal, !optional { run.append(literal) }
            if literal == nil || quantified { endRun() }
        }
        endRun()
        return longest
    }

    /// A group `(?:…)` or `(?<name>…)`, which matches what its content matches; other `(?`
    /// forms (flags, look-around, atomic groups) are not read.
    private static func groupIsPlain(_ characters: ArraySlice<Unicode.Scalar>, at index: Int) -> Bool {
        let after = characters[(index + 2)...]
        return after.first == ":"
            || (after.first == "<" && after.dropFirst().first.map { $0 != "=" && $0 != "!" } == true)
    }

    /// The position of the `)` that closes the group opened at `start`.
    private static func groupEnd(_ characters: ArraySlice<Unicode.Scalar>, from start: Int) -> Int? {
        groupMarks(characters, from: start)?.first { $0.character == ")" && $0.depth == 0 }?.index
    }

    /// The parentheses and bars of `characters` from `start`, passing over escapes and whole
    /// classes: each one's position and the depth of groups after it (an opening parenthesis
    /// counts itself in, a closing one itself out); nil when a class does not close.
    private static func groupMarks(_ characters: ArraySlice<Unicode.Scalar>, from start: Int)
        -> [(index: Int, character: Unicode.Scalar, depth: Int)]?
    {
        var marks: [(index: Int, character: Unicode.Scalar, depth: Int)] = []
        var depth = 0
        var index = start
        while index < characters.endIndex {
            let character = characters[index]
            switch character {
            case "\\": index += 1
            case "[":
                guard let end = classEnd(characters, from: index) else { return nil }
                index = end
            case "(", ")", "|":
                depth += character == "(" ? 1 : character == ")" ? -1 : 0
                marks.append((index, character, depth))
            default: break
            }
            index += 1
        }
        return marks
    }

    /// The position of the `]` that closes the class opened at `start` (classes nest in ICU);
    /// nil for a class that starts with `]`, whose reading differs between engines.
    private static func classEnd(_ characters: ArraySlice<Unicode.Scalar>, from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < characters.endIndex {
            switch characters[index] {
            case "\\": index += 1
            case "[":
                let next = characters[(index + 1)...].drop { $0 == "^" }.first
                if next == "]" { return nil }
                depth += 1
            case "]":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// A count `{n}`, `{n,}` or `{n,m}` at `start`: its least and the position of its `}`.
    private static func count(_ characters: ArraySlice<Unicode.Scalar>, from start: Int) -> (Int, Int)? {
        guard let end = characters[start...].firstIndex(of: "}") else { return nil }
        let inside = String(String.UnicodeScalarView(characters[(start + 1)..<end]))
        let bounds = inside.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count), let least = Int(bounds[0]),
            bounds.count == 1 || bounds[1].isEmpty || Int(bounds[1]) != nil
        else { return nil }
        return (least, end)
    }

    /// Whether `bytes` start with `run`, each byte compared with the run's once its `caseBits`
    /// are set.
    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, with run: [UInt8], caseBits: [UInt8]) -> Bool {
        run.count <= bytes.count && run.indices.allSatisfy { bytes[$0] | caseBits[$0] == run[$0] }
    }

    /// Whether `run` occurs in `bytes`, each byte compared with the run's once its `caseBits`
    /// are set. The places where it may start are found eight bytes at a time: the bytes of a
    /// word that are the run's first once its case bit is set.
    private static func occurs(_ run: [UInt8], caseBits: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = run.first, run.count <= bytes.count, let base = UnsafeRawPointer(bytes.baseAddress) else {
            return run.isEmpty
        }
        func startsAt(_ start: Int) -> Bool {
            var offset = 0
            while offset < run.count, bytes[start + offset] | caseBits[offset] == run[offset] { offset += 1 }
            return offset == run.count
        }
        let lastStart = bytes.count - run.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let (folded, wanted) = (ones &* UInt64(caseBits[0]), ones &* UInt64(first))
        var start = 0
        while start + 8 <= lastStart + 1 {
            // The lowest byte marked is one that is the run's first; those above it may be marked
            // wrongly, and each is checked whole.
            let word =
                (UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self)) | folded) ^ wanted
            var marks = (word &- ones) & ~word & (ones << 7)
            while marks != 0 {
                if startsAt(start + marks.trailingZeroBitCount / 8) { return true }
                marks &= marks &- 1
            }
            start += 8
        }
        while start <= lastStart {
            if startsAt(start) { return true }
            start += 1
        }
        return false
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
