/// Turns a statement's text into tokens with spans, collecting lexical errors as diagnostics
/// instead of stopping at the first.
public struct Lexer {
    private let characters: [Character]
    private var position = 0
    private(set) var tokens: [Token] = []
    /// Problems found: unterminated strings, bad escapes, stray characters.
    public private(set) var diagnostics: [Diagnostic] = []

    /// The tokens of a statement (ending with `.end`) and the lexical errors found.
    public static func tokenize(_ source: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(characters: Array(source))
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    private static let symbols: [String] = [
        "..", "==", "!=", "<=", ">=", "=>", "->", "<-", "|", ";", "(", ")", "[", "]", "{", "}", ",", ".", "<", ">", "+",
        "-", "*", "/", "%", "~", ":", "=",
    ]

    private mutating func run() {
        while true {
            skipSpaceAndComments()
            guard position < characters.count else { break }
            let start = position
            let character = characters[position]
            if character == "\"" || character == "'" {
                lexString(quote: character, start: start, kind: { .string($0) })
            } else if character == "@" {
                lexNodeReference(start: start)
            } else if character.isASCII, character.isNumber {
                lexNumberOrDate(start: start)
            } else if character == "_" || (character.isLetter) {
                while position < characters.count, isWordCharacter(characters[position]) { position += 1 }
                add(.word(text(start)), start)
            } else if let symbol = Self.symbols.first(where: { matches($0) }) {
                position += symbol.count
                add(.symbol(symbol), start)
            } else {
                position += 1
                diagnostics.append(
                    Diagnostic(
                        code: .unexpectedCharacter, message: "unexpected character `\(character)`",
                        span: SourceSpan(start: start, end: position),
                        hint: character == "！" || character == "＝" ? "write operators in half-width (ASCII)" : nil))
            }
        }
        tokens.append(Token(kind: .end, span: SourceSpan(start: characters.count, end: characters.count), text: ""))
    }

    private func isWordCharacter(_ character: Character) -> Bool {
        character == "_" || character.isLetter || (character.isASCII && character.isNumber)
    }

    private func matches(_ symbol: String) -> Bool {
        var index = position
        for expected in symbol {
            guard index < characters.count, characters[index] == expected else { return false }
            index += 1
        }
        return true
    }

    private mutating func skipSpaceAndComments() {
        while position < characters.count {
            if characters[position].isWhitespace {
                position += 1
            } else if characters[position] == "#" {
                while position < characters.count, characters[position] != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    private func text(_ start: Int) -> String {
        String(characters[start..<position])
    }

    private mutating func add(_ kind: Token.Kind, _ start: Int) {
        tokens.append(Token(kind: kind, span: SourceSpan(start: start, end: position), text: text(start)))
    }

    private mutating func lexNodeReference(start: Int) {
        position += 1
        if position < characters.count, characters[position] == "\"" {
            lexString(quote: "\"", start: start, kind: { .nodeReference($0) })
            return
        }
        let idStart = position
        // `.` belongs to an id only before a digit (`@t1566.001`); otherwise it reads a property
        // (`@jaxa.name`).
        while position < characters.count,
            isWordCharacter(characters[position]) || characters[position] == "-"
                || (characters[position] == "." && position + 1 < characters.count
                    && characters[position + 1].isASCII && characters[position + 1].isNumber)
        {
            position += 1
        }
        // A trailing `.` belongs to a member access (`@jaxa.name`), not to the id.
        while position > idStart, characters[position - 1] == "." || characters[position - 1] == "-" { position -= 1 }
        guard position > idStart else {
            diagnostics.append(
                Diagnostic(
                    code: .emptyNodeReference, message: "`@` must be followed by a node id",
                    span: SourceSpan(start: start, end: start + 1), hint: "write @jaxa, or @\"any id\""))
            return
        }
        add(.nodeReference(String(characters[idStart..<position])), start)
    }

    private mutating func lexString(quote: Character, start: Int, kind: (String) -> Token.Kind) {
        position = characters[position] == quote ? position + 1 : position + 2  // after `"` or `@"`
        var value = ""
        while position < characters.count, characters[position] != quote {
            if characters[position] == "\\" {
                let escapeStart = position
                position += 1
                guard position < characters.count else { break }
                switch characters[position] {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "\\": value.append("\\")
                case "\"": value.append("\"")
                case "'": value.append("'")
                case "u":
                    if let scalar = unicodeEscape() {
                        value.unicodeScalars.append(scalar)
                        continue
                    }
                    diagnostics.append(
                        Diagnostic(
                            code: .badEscape,
                            message: "`\\u` must be followed by `{hex digits}` naming a character",
                            span: SourceSpan(start: escapeStart, end: position + 1), hint: "write \\u{65E5}"))
                default:
                    diagnostics.append(
                        Diagnostic(
                            code: .badEscape, message: "unknown escape `\\\(characters[position])`",
                            span: SourceSpan(start: escapeStart, end: position + 1),
                            hint: "escapes are \\n \\t \\\\ \\\" \\' \\u{…}"))
                }
                position += 1
            } else {
                value.append(characters[position])
                position += 1
            }
        }
        guard position < characters.count else {
            diagnostics.append(
                Diagnostic(
                    code: .unclosedString, message: "this string is never closed",
                    span: SourceSpan(start: start, end: start + 1), hint: "close it with \(quote)"))
            add(kind(value), start)
            return
        }
        position += 1
        add(kind(value), start)
    }

    /// After `\u`: `{hex}`; leaves `position` after the `}`.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard position + 1 < characters.count, characters[position + 1] == "{" else { return nil }
        var index = position + 2
        var digits = ""
        while index < characters.count, characters[index] != "}", digits.count < 8 {
            digits.append(characters[index])
            index += 1
        }
        guard index < characters.count, characters[index] == "}", let value = UInt32(digits, radix: 16),
            let scalar = Unicode.Scalar(value)
        else { return nil }
        position = index + 1
        return scalar
    }

    private mutating func lexNumberOrDate(start: Int) {
        if let dateEnd = dateLiteralEnd(from: start) {
            position = dateEnd
            let written = text(start)
            let parts = written.prefix(10).split(separator: "-").compactMap { Int($0) }
            if written.count > 10 {
                add(.dateTime(written), start)
            } else if parts.count == 3 {
                add(.date(year: parts[0], month: parts[1], day: parts[2]), start)
            } else {
                add(.month(year: parts[0], month: parts[1]), start)
            }
            return
        }
        var digits = ""
        while position < characters.count, characters[position].isASCII,
            characters[position].isNumber || characters[position] == "_"
        {
            if characters[position] != "_" { digits.append(characters[position]) }
            position += 1
        }
        var isDecimal = false
        if position + 1 < characters.count, characters[position] == ".", characters[position + 1].isASCII,
            characters[position + 1].isNumber
        {
            isDecimal = true
            digits.append(".")
            position += 1
            while position < characters.count, characters[position].isASCII, characters[position].isNumber {
                digits.append(characters[position])
                position += 1
            }
        }
        if !isDecimal, position < characters.count, let unit = Self.durationUnits[characters[position]],
            position + 1 >= characters.count || !isWordCharacter(characters[position + 1])
        {
            position += 1
            let (seconds, overflow) = (Int64(digits) ?? .max).multipliedReportingOverflow(by: unit)
            if overflow || Int64(digits) == nil {
                diagnostics.append(
                    Diagnostic(
                        code: .numberTooLarge, message: "duration `\(text(start))` is too large",
                        span: SourceSpan(start: start, end: position)))
            }
            add(.duration(overflow ? 0 : seconds), start)
            return
        }
        if position < characters.count, isWordCharacter(characters[position]) {
            while position < characters.count, isWordCharacter(characters[position]) { position += 1 }
            diagnostics.append(
                Diagnostic(
                    code: .badNumber, message: "`\(text(start))` is not a number",
                    span: SourceSpan(start: start, end: position),
                    hint: "durations are written 90d, 12h, 30m, 2w, 15s; names cannot start with a digit"))
            add(.integer(0), start)
            return
        }
        if isDecimal {
            add(.decimal(Double(digits) ?? 0), start)
        } else if let value = Int(digits) {
            add(.integer(value), start)
        } else {
            diagnostics.append(
                Diagnostic(
                    code: .numberTooLarge, message: "`\(text(start))` is too large for a whole number",
                    span: SourceSpan(start: start, end: position)))
            add(.integer(0), start)
        }
    }

    private static let durationUnits: [Character: Int64] = ["w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1]

    /// The end of a `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` literal
    /// starting here, if one does.
    private func dateLiteralEnd(from start: Int) -> Int? {
        func digits(_ at: Int, _ count: Int) -> Bool {
            guard at + count <= characters.count else { return false }
            return characters[at..<at + count].allSatisfy { $0.isASCII && $0.isNumber }
        }
        func char(_ at: Int, _ expected: Character) -> Bool {
            at < characters.count && characters[at] == expected
        }
        guard digits(start, 4), char(start + 4, "-"), digits(start + 5, 2) else { return nil }
        var end = start + 7
        guard char(end, "-"), digits(end + 1, 2) else {
            return end < characters.count && isWordCharacter(characters[end]) ? nil : end
        }
        end += 3
        guard char(end, "T"), digits(end + 1, 2), char(end + 3, ":"), digits(end + 4, 2) else { return end }
        end += 6
        if char(end, ":"), digits(end + 1, 2) {
            end += 3
            if char(end, "."), digits(end + 1, 1) {
                end += 1
                while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            }
        }
        if char(end, "Z") {
            end += 1
        } else if char(end, "+") || char(end, "-"), digits(end + 1, 2), char(end + 3, ":"), digits(end + 4, 2) {
            end += 6
        }
        return end
    }
}
