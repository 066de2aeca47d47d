import Foundation
import PluginAPI

/// Regular expressions for `~`: compiled once per pattern, and refused when they could take
/// exponential time. Foundation's matcher cannot be interrupted, so a pattern such as `(a+)+b`
/// or `(x|xx)*y` on a long text would hang a statement past Ctrl-C; a repeated group that
/// itself repeats or alternates is the shape of every such pattern, and is refused with a hint.
final class RegexCache {
    private var compiled: [String: NSRegularExpression] = [:]
    private var literals: [String: RegexLiterals?] = [:]
    private var automata: [String: RegexAutomaton?] = [:]

    /// The texts a match of `pattern` cannot be without (``RegexLiterals``), read once per pattern.
    func literals(_ pattern: String) -> RegexLiterals? {
        if let known = literals[pattern] { return known }
        let read = RegexLiterals(pattern: pattern)
        if literals.count < 256 { literals[pattern] = read }
        return read
    }

    /// The automaton that matches `pattern` without ICU (``RegexAutomaton``), made once per
    /// pattern; nil when the pattern uses syntax it does not read.
    func automaton(_ pattern: String) -> RegexAutomaton? {
        if let known = automata[pattern] { return known }
        let made = RegexAutomaton(pattern: pattern)
        if automata.count < 256 { automata[pattern] = made }
        return made
    }

    /// How `pattern` is matched without ICU where it can be; nil when neither its literal runs
    /// nor an automaton apply.
    func quickMatch(_ pattern: String) -> QuickMatch? {
        let quick = QuickMatch(literals: literals(pattern), automaton: automaton(pattern))
        return quick.literals == nil && quick.automaton == nil ? nil : quick
    }

    /// A pattern's literal runs (``RegexLiterals``) and automaton (``RegexAutomaton``).
    struct QuickMatch {
        let literals: RegexLiterals?
        let automaton: RegexAutomaton?

        /// Whether the pattern matches somewhere in the UTF-8 `text` when the literal runs or
        /// the automaton tell; nil when neither does, and ICU decides.
        func match(inUTF8 text: UnsafeBufferPointer<UInt8>) -> Bool? {
            literals?.match(inUTF8: text) ?? automaton?.matches(inUTF8: text)
        }
    }

    /// The compiled pattern, or why it is refused.
    func expression(_ pattern: String) -> Result<NSRegularExpression, RegexRefusal> {
        if let known = compiled[pattern] { return .success(known) }
        if let risk = Self.nestedRepetition(in: pattern) { return .failure(.risky(risk)) }
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return .failure(.invalid) }
        if compiled.count < 256 { compiled[pattern] = expression }
        return .success(expression)
    }

    /// Progress reports a match may take before it is stopped: about a tenth of a second of
    /// backtracking (`a*a*a*a*a*c` on 2,000 `a`s would run for minutes).
    static let stepBudget = 1_000

    /// Whether `expression` matches somewhere in `text`, reading ICU's progress reports to stop
    /// a match that runs past ``stepBudget`` or is cancelled; nil when it was stopped.
    static func firstMatch(
        _ expression: NSRegularExpression, in text: String, cancellation: CancellationCheck
    ) -> (found: Bool, stopped: Bool) {
        var found = false
        var reports = 0
        var stopped = false
        let range = NSRange(text.startIndex..., in: text)
        expression.enumerateMatches(in: text, options: [.reportProgress], range: range) { match, _, stop in
            if match != nil {
                found = true
                stop.pointee = true
                return
            }
            reports += 1
            if reports > stepBudget || (reports % 16 == 0 && cancellation.isCancelled) {
                stopped = true
                stop.pointee = true
            }
        }
        return (found, stopped)
    }

    /// Why a pattern is refused.
    enum RegexRefusal: Error {
        /// Not a regular expression.
        case invalid
        /// A group that repeats and contains repetition or alternation: `(a+)+`.
        case risky(String)
    }

    /// The first group that repeats without bound and itself repeats or alternates, if any.
    static func nestedRepetition(in pattern: String) -> String? {
        let characters = Array(pattern)
        // For each open group: where it starts, and whether it repeats or alternates inside.
        var groups: [(start: Int, varies: Bool)] = []
        var index = 0
        var inClass = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                index += 2
                continue
            }
            if inClass {
                if character == "]" { inClass = false }
                index += 1
                continue
            }
            switch character {
            case "[": inClass = true
            case "(": groups.append((index, false))
            case "|", "*", "+":
                if !groups.isEmpty { groups[groups.count - 1].varies = true }
            case "{" where characters[index...].prefix(while: { $0 != "}" }).contains(","):
                if !groups.isEmpty { groups[groups.count - 1].varies = true }
            case ")":
                guard let group = groups.popLast() else { break }
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                let unbounded =
                    next == "*" || next == "+"
                    || (next == "{" && characters[(index + 1)...].prefix(while: { $0 != "}" }).contains(","))
                if unbounded, group.varies {
                    return String(characters[group.start...min(index + 1, characters.count - 1)])
                }
                if group.varies || unbounded, !groups.isEmpty { groups[groups.count - 1].varies = true }
            default: break
            }
            index += 1
        }
        return nil
    }
}
