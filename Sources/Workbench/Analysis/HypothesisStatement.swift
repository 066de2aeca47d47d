import QuerySyntax

/// The statements of an Analysis of Competing Hypotheses:
///
/// - `hypothesis H1 "MirrorFace is operated from China"`
/// - `evidence E3 = incidents | where actor == @mirrorface | attribute timing` (or `= why @id`)
/// - `rate E3 H1 consistent|inconsistent|n/a [credibility low|medium|high] [relevance …]`;
///   a session records it with `on DIGEST`, the evidence result it was made against.
enum HypothesisStatement {
    case hypothesis(id: String, text: String)
    case evidence(id: String, statement: String, offset: Int)
    case rate(Rating)

    /// The words these statements start with.
    static let keywords = ["hypothesis", "evidence", "rate"]

    /// A `rate` statement's parts.
    struct Rating {
        let evidence: (id: String, span: SourceSpan)
        let hypothesis: (id: String, span: SourceSpan)
        let judgement: CompetingHypotheses.Judgement
        /// The evidence's credibility and relevance, when this rating says them.
        let credibility: CompetingHypotheses.Level?
        let relevance: CompetingHypotheses.Level?
        /// The evidence digest it was made against, when replayed from a session.
        let pinned: String?

        /// The statement as a session records it, pinned to `digest`.
        func recorded(pinnedTo digest: String) -> String {
            (["rate", evidence.id, hypothesis.id, judgement.rawValue]
                + (credibility.map { ["credibility", $0.rawValue] } ?? [])
                + (relevance.map { ["relevance", $0.rawValue] } ?? []) + ["on", digest]).joined(separator: " ")
        }
    }

    /// Reads one of the statements; nil when `text` is something else (a query that happens
    /// to start with one of the words, such as a binding named `rate`).
    init?(_ text: String) throws(Diagnostic) {
        // Other statements are told apart by their first word's start, without splitting them.
        let start = text.drop(while: \.isWhitespace)
        guard Self.keywords.contains(where: { start.hasPrefix($0) }) else { return nil }
        var words = Words(text)
        guard let keyword = words.next(), Self.keywords.contains(keyword.text),
            let first = words.peek(), Self.isIdentifier(first.text)
        else { return nil }
        let id = words.next() ?? first
        switch keyword.text {
        case "hypothesis":
            let rest = text[text.index(text.startIndex, offsetBy: id.span.end)...].trimmingCharacters(in: .whitespaces)
            guard rest.count >= 2, rest.hasPrefix("\""), rest.hasSuffix("\"") else {
                throw Diagnostic(
                    code: .hypothesis, message: "a hypothesis is stated in double quotes",
                    span: SourceSpan(start: id.span.end, end: max(id.span.end, text.count)),
                    hint: #"hypothesis H1 "MirrorFace is operated from China""#)
            }
            self = .hypothesis(id: id.text, text: String(rest.dropFirst().dropLast()))
        case "evidence":
            guard let equals = words.next(), equals.text == "=" else {
                throw Diagnostic(
                    code: .evidence, message: "expected `=` and the query the evidence comes from",
                    span: SourceSpan(start: id.span.end, end: id.span.end + 1),
                    hint: "evidence E1 = incidents | where actor == @mirrorface | count by vector")
            }
            let offset = equals.span.end
            let statement = String(text.dropFirst(offset)).trimmingCharacters(in: .whitespaces)
            guard !statement.isEmpty else {
                throw Diagnostic(
                    code: .evidence, message: "the evidence has no query",
                    span: SourceSpan(start: offset, end: offset + 1), hint: "evidence E1 = why @npa-timing-claim")
            }
            self = .evidence(
                id: id.text, statement: statement, offset: offset + (text.dropFirst(offset).prefix { $0 == " " }.count))
        default:
            self = .rate(try Self.rating(evidence: id, words: &words, length: text.count))
        }
    }

    private static func rating(evidence: Words.Word, words: inout Words, length: Int) throws(Diagnostic) -> Rating {
        let end = SourceSpan(start: length, end: length + 1)
        guard let hypothesis = words.next(), isIdentifier(hypothesis.text) else {
            throw Diagnostic(
                code: .rating, message: "expected the hypothesis the evidence is rated against", span: end,
                hint: "rate E1 H1 consistent")
        }
        let judgements: [String: CompetingHypotheses.Judgement] = [
            "consistent": .consistent, "c": .consistent, "inconsistent": .inconsistent, "i": .inconsistent,
            "n/a": .notApplicable, "na": .notApplicable,
        ]
        guard let word = words.next(), let judgement = judgements[word.text.lowercased()] else {
            throw Diagnostic(
                code: .rating, message: "expected consistent, inconsistent or n/a", span: words.last?.span ?? end,
                hint: "rate \(evidence.text) \(hypothesis.text) inconsistent credibility high")
        }
        var levels: [String: CompetingHypotheses.Level] = [:]
        var pinned: String?
        while let option = words.next() {
            guard let value = words.next() else {
                throw Diagnostic(
                    code: .rating, message: "`\(option.text)` needs a value", span: option.span,
                    hint: "credibility low|medium|high, relevance low|medium|high")
            }
            switch option.text {
            case "credibility", "relevance":
                guard let level = CompetingHypotheses.Level(rawValue: value.text.lowercased()) else {
                    throw Diagnostic(
                        code: .rating, message: "\(option.text) is low, medium or high", span: value.span,
                        hint: "\(option.text) high")
                }
                levels[option.text] = level
            case "on": pinned = value.text
            default:
                throw Diagnostic(
                    code: .rating, message: "unknown word `\(option.text)` in a rating", span: option.span,
                    hint: "rate E1 H1 consistent credibility high relevance low")
            }
        }
        return Rating(
            evidence: (evidence.text, evidence.span), hypothesis: (hypothesis.text, hypothesis.span),
            judgement: judgement, credibility: levels["credibility"], relevance: levels["relevance"], pinned: pinned)
    }

    /// `H1`, `E-3`, `china_ops`: a letter, then letters, digits, `-` or `_`.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    /// The words of a statement separated by spaces, with where each is (`=` is a word alone).
    struct Words {
        struct Word {
            let text: String
            let span: SourceSpan
        }

        private var words: [Word] = []
        private var position = 0
        private(set) var last: Word?

        init(_ text: String) {
            var start: Int?
            var current = ""
            for (offset, character) in text.enumerated() {
                if character.isWhitespace || character == "=" {
                    if let begun = start {
                        words.append(Word(text: current, span: SourceSpan(start: begun, end: offset)))
                    }
                    (start, current) = (nil, "")
                    if character == "=" {
                        words.append(Word(text: "=", span: SourceSpan(start: offset, end: offset + 1)))
                    }
                } else {
                    if start == nil { start = offset }
                    current.append(character)
                }
            }
            if let begun = start { words.append(Word(text: current, span: SourceSpan(start: begun, end: text.count))) }
        }

        func peek() -> Word? { position < words.count ? words[position] : nil }

        mutating func next() -> Word? {
            guard position < words.count else { return nil }
            defer { position += 1 }
            last = words[position]
            return words[position]
        }
    }
}
