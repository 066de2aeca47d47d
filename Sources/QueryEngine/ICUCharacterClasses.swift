import Foundation
import Synchronization

/// ICU's own answer to `\d`, `\w` and `\s` for a character beyond ASCII, asked once per
/// character in a process. The standard library's Unicode tables are another version than
/// ICU's (Swift 6.3 knows characters of Unicode 17 that ICU leaves unassigned), so the
/// automaton takes these classes from the matcher it stands in for.
enum ICUCharacterClasses {
    /// Bits of a character's classes.
    static let digit: UInt8 = 1
    static let word: UInt8 = 2
    static let space: UInt8 = 4
    /// Set once a character's classes are known; a character ICU cannot be asked about has
    /// only ``undecided``.
    private static let known: UInt8 = 0x80
    static let undecided: UInt8 = 0x40

    private struct Answers: ~Copyable {
        let probe: NSRegularExpression?
        var classesOf: [UInt32: UInt8] = [:]
    }

    /// One look-ahead group per class: the groups that take part in the match at the text's
    /// start name the character's classes.
    private static let answers = Mutex(
        Answers(probe: try? NSRegularExpression(pattern: "^(?=(\\d)|)(?=(\\w)|)(?=(\\s)|)")))

    /// The classes of `scalar` (a character beyond ASCII) as bits, or ``undecided``.
    static func classes(of scalar: Unicode.Scalar) -> UInt8 {
        answers.withLock { answers in
            if let classes = answers.classesOf[scalar.value] { return classes }
            let text = String(Character(scalar))
            var classes = undecided
            if let probe = answers.probe,
                let match = probe.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
            {
                classes = known
                for (group, bit) in [(1, digit), (2, word), (3, space)]
                where match.range(at: group).location != NSNotFound {
                    classes |= bit
                }
            }
            answers.classesOf[scalar.value] = classes
            return classes
        }
    }
}
