/// A ``RegexReading`` as steps of a nondeterministic automaton (Thompson's construction): each
/// step reads one character of a set, forks, or checks where the text starts or ends, and
/// then goes on to another. ``RegexAutomaton`` follows every thread of it at once.
struct RegexProgram {
    /// One step.
    enum Step {
        /// Read one character of the set numbered `set`, then go to `next`.
        case character(set: Int, next: Int32)
        /// Go to both.
        case fork(Int32, Int32)
        /// Go on only where the text starts.
        case textStart(next: Int32)
        /// Go on only where the text ends.
        case textEnd(next: Int32)
        /// A match.
        case match
    }

    /// The steps; ``start`` is where a match begins.
    private(set) var steps: [Step] = [.match]
    private(set) var start: Int32 = 0
    /// The distinct sets the character steps read.
    private(set) var sets: [RegexCharacterSet] = []

    /// Programs of more steps than this (`(abc){1000}` and longer) are left to ICU.
    static let largestSize = 4_000

    /// The program of `reading`; nil when it would take more than ``largestSize`` steps, or read
    /// more than 64 distinct sets.
    init?(_ reading: RegexReading) {
        guard let start = emit(reading.node, then: 0), sets.count <= 64 else { return nil }
        self.start = start
    }

    /// Appends the steps of `node` followed by the step `next`; the step where they begin, or nil
    /// past ``largestSize``.
    private mutating func emit(_ node: RegexReading.Node, then next: Int32) -> Int32? {
        guard steps.count < Self.largestSize else { return nil }
        switch node {
        case .character(let set):
            let number = sets.firstIndex(of: set) ?? sets.count
            if number == sets.count { sets.append(set) }
            return append(.character(set: number, next: next))
        case .sequence(let parts):
            var entry = next
            for part in parts.reversed() {
                guard let before = emit(part, then: entry) else { return nil }
                entry = before
            }
            return entry
        case .choice(let alternatives):
            var entries: [Int32] = []
            for alternative in alternatives {
                guard let entry = emit(alternative, then: next) else { return nil }
                entries.append(entry)
            }
            guard var entry = entries.popLast() else { return next }
            for other in entries.reversed() { entry = append(.fork(other, entry)) }
            return entry
        case .repeated(let part, let least, let most):
            var entry = next
            if let most {
                // The optional copies, each leading on to the next: `(x(x)?)?`.
                for _ in least..<most {
                    guard let body = emit(part, then: entry) else { return nil }
                    entry = append(.fork(body, next))
                }
            } else {
                let loop = append(.fork(0, 0))
                guard let body = emit(part, then: loop) else { return nil }
                steps[Int(loop)] = .fork(body, next)
                entry = loop
            }
            for _ in 0..<least {
                guard let body = emit(part, then: entry) else { return nil }
                entry = body
            }
            return entry
        case .textStart:
            return append(.textStart(next: next))
        case .textEnd:
            return append(.textEnd(next: next))
        }
    }

    private mutating func append(_ step: Step) -> Int32 {
        steps.append(step)
        return Int32(steps.count - 1)
    }

    /// The steps reached from `seeds` without reading a character, in order: those that read
    /// one, the match, and the checks of the text's end while `atEnd` is false; checks of its
    /// start pass only when `atStart`.
    func closure(of seeds: [Int32], atStart: Bool, atEnd: Bool, marks: inout [UInt32], generation: UInt32) -> [Int32] {
        var reached: [Int32] = []
        var pending = seeds.reversed() as [Int32]
        while let step = pending.popLast() {
            guard marks[Int(step)] != generation else { continue }
            marks[Int(step)] = generation
            switch steps[Int(step)] {
            case .character, .match: reached.append(step)
            case .fork(let first, let second): pending.append(contentsOf: [second, first])
            case .textStart(let next): if atStart { pending.append(next) }
            case .textEnd(let next):
                if atEnd { pending.append(next) } else { reached.append(step) }
            }
        }
        return reached.sorted()
    }
}
