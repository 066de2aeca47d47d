import QuerySyntax

/// A decimal number per row, for a `where` worked out a batch of rows at a time
/// (``VectorCondition``): whole numbers (``Number``) read as decimals, decimal constants, and
/// `+ - * / %`, `abs`, `floor`, `ceil` and one-argument `round` of them — `files_exfiltrated /
/// 10 > 5`, `round(files_exfiltrated / 100) == 3`. Each is worked out as ``Arithmetic`` and
/// the functions work it out on a `double`: a division by zero is null, a whole number is read
/// as the nearest decimal, and nothing can fail. Parts that are whole numbers on both sides stay
/// whole (``Number``: a result past 64 bits is null), as `int` arithmetic is.
indirect enum DecimalNumber {
    case whole(Number)
    case constant(Double)
    case arithmetic(BinaryOperator, DecimalNumber, DecimalNumber)
    case absolute(DecimalNumber)
    case rounded(DecimalNumber, FloatingPointRoundingRule)

    /// The expression as a decimal number per row; nil when some part of it is not one.
    init?(_ expression: Expression, _ compiler: ExpressionCompiler) {
        if let whole = Number(expression, compiler) {
            self = .whole(whole)
            return
        }
        if case .double(let number) = compiler.constant(expression) {
            self = .constant(number)
            return
        }
        switch expression.kind {
        case .binary(let op, let left, let right)
        where [.add, .subtract, .multiply, .divide, .remainder].contains(op):
            guard let a = DecimalNumber(left, compiler), let b = DecimalNumber(right, compiler) else { return nil }
            self = .arithmetic(op, a, b)
        case .call(let name, let arguments)
        where arguments.count == 1 && compiler.semantics.context.state.functions[name] == nil:
            let rule = Semantics.roundingRules[name]
            guard name == "abs" || rule != nil, let number = DecimalNumber(arguments[0], compiler) else { return nil }
            self = rule.map { .rounded(number, $0) } ?? .absolute(number)
        default:
            return nil
        }
    }

    /// Whether it is a whole number, worked out as one.
    var isWhole: Bool {
        if case .whole = self { true } else { false }
    }

    /// The decimal for each row of the batch, none where the row has none (a null, a division
    /// by zero, a whole part past 64 bits).
    func values(_ batch: inout NodeBatch) -> Decimals {
        switch self {
        case .whole(let number):
            let numbers = number.values(&batch)
            return Decimals(values: numbers.values.map(Double.init), present: numbers.present)
        case .constant(let number):
            return Decimals(
                values: Array(repeating: number, count: batch.nodes.count),
                present: Array(repeating: 1, count: batch.nodes.count))
        case .absolute(let number):
            return number.values(&batch).mapped { abs($0) }
        case .rounded(let number, let rule):
            // One loop per rule, each rounding the processor does in one instruction where it can.
            let decimals = number.values(&batch)
            return switch rule {
            case .down: decimals.mapped { $0.rounded(.down) }
            case .up: decimals.mapped { $0.rounded(.up) }
            case .toNearestOrAwayFromZero: decimals.mapped(Self.roundedHalfAwayFromZero)
            default: decimals.mapped { $0.rounded(rule) }
            }
        case .arithmetic(let op, let left, let right):
            let (a, b) = (left.values(&batch), right.values(&batch))
            // One loop per operator: no choice made per row.
            return switch op {
            case .add: a.combined(b) { ($0 + $1, true) }
            case .subtract: a.combined(b) { ($0 - $1, true) }
            case .multiply: a.combined(b) { ($0 * $1, true) }
            case .divide: a.combined(b) { ($0 / $1, $1 != 0) }
            default: a.combined(b) { ($0.truncatingRemainder(dividingBy: $1), $1 != 0) }
            }
        }
    }
}

extension DecimalNumber {
    /// `x.rounded(.toNearestOrAwayFromZero)` (what `round` gives) from the processor's
    /// truncation, which is one instruction where rounding half away from zero is a library
    /// call: exact, since a decimal less its whole part is exact, and a decimal of 2⁵² or more
    /// is whole.
    @inline(__always)
    static func roundedHalfAwayFromZero(_ x: Double) -> Double {
        let whole = x.rounded(.towardZero)
        let rest = x - whole
        return rest >= 0.5 ? whole + 1 : rest <= -0.5 ? whole - 1 : whole
    }
}

/// Decimal numbers of a batch's rows: a number and whether there is one (1) or not (0) for
/// each row.
struct Decimals {
    let values: [Double]
    let present: [UInt8]

    /// `transform` of each number.
    func mapped(_ transform: (Double) -> Double) -> Decimals {
        Decimals(values: values.map(transform), present: present)
    }

    /// `combine` of each number of these with `other`'s: none where either has none or
    /// `combine` says there is none.
    @inline(__always)
    func combined(_ other: Decimals, _ combine: (Double, Double) -> (Double, Bool)) -> Decimals {
        var present: [UInt8] = []
        let combined = [Double](unsafeUninitializedCapacity: values.count) { combined, count in
            present = [UInt8](unsafeUninitializedCapacity: values.count) { present, made in
                for index in values.indices {
                    let (value, exists) = combine(values[index], other.values[index])
                    combined[index] = value
                    present[index] = self.present[index] & other.present[index] & (exists ? 1 : 0)
                }
                made = values.count
            }
            count = values.count
        }
        return Decimals(values: combined, present: present)
    }

    /// The truth of `op` (a comparison) for each number of these against `other`'s, as values
    /// compare (``ValueOrder``: neither less nor greater is equal): unknown where either has none.
    func truths(_ op: BinaryOperator, _ other: Decimals) -> [UInt8] {
        // One loop per operator: no choice made per row.
        switch op {
        case .equal: truths(other) { !($0 < $1) && !($0 > $1) }
        case .notEqual: truths(other) { $0 < $1 || $0 > $1 }
        case .less: truths(other) { $0 < $1 }
        case .lessOrEqual: truths(other) { !($0 > $1) }
        case .greater: truths(other) { $0 > $1 }
        case .greaterOrEqual: truths(other) { !($0 < $1) }
        default:
            values.indices.map { index in
                let (x, y) = (values[index], other.values[index])
                let holds = ValueOrder.holds(op, order: x < y ? -1 : x > y ? 1 : 0)
                return Numbers.truth(both: present[index] & other.present[index], holds)
            }
        }
    }

    /// Whether `holds` for each number of these and `other`'s, unknown where either has none.
    @inline(__always)
    private func truths(_ other: Decimals, _ holds: (Double, Double) -> Bool) -> [UInt8] {
        values.indices.map { index in
            Numbers.truth(both: present[index] & other.present[index], holds(values[index], other.values[index]))
        }
    }
}
