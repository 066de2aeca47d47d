import IncidentGraph
import QuerySyntax

/// `+ - * / %` on numbers, and on instants and durations (`ts - 90d`, `b.ts - a.ts`).
///
/// One overflow rule everywhere: an integer, instant or duration result that does not fit in
/// 64 bits is null, as a division by zero is (`9223372036854775807 + 1`, `abs(-2^63)`,
/// `2024-01-01 + 9999999999999d`, a `sum` past 2^63). Nothing traps.
enum Arithmetic {
    /// The longest text `+` makes.
    static let maximumTextBytes = 16 << 20

    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value, at span: SourceSpan) throws(Diagnostic) -> Value {
        if a.isNull || b.isNull { return .null }
        switch (a, b) {
        case (.int(let x), .int(let y)):
            switch op {
            case .add: return checked(x.addingReportingOverflow(y), span)
            case .subtract: return checked(x.subtractingReportingOverflow(y), span)
            case .multiply: return checked(x.multipliedReportingOverflow(by: y), span)
            case .divide:
                guard y != 0 else { return .null }
                return .double(Double(x) / Double(y))
            default:
                guard y != 0 else { return .null }
                return checked(x.remainderReportingOverflow(dividingBy: y), span)
            }
        case (.int, .double), (.double, .int), (.double, .double):
            let x = number(a)
            let y = number(b)
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide: return y == 0 ? .null : .double(x / y)
            default: return y == 0 ? .null : .double(x.truncatingRemainder(dividingBy: y))
            }
        case (.instant(let t), .duration(let d)) where op == .add || op == .subtract:
            return instant(t.millisecondsSinceEpoch, plus: d, op)
        case (.date(let day), .duration(let d)) where op == .add || op == .subtract:
            return instant(Int64(day.daysSinceEpoch) * 86_400_000, plus: d, op)
        case (.instant(let x), .instant(let y)) where op == .subtract:
            let (difference, overflow) = x.millisecondsSinceEpoch.subtractingReportingOverflow(y.millisecondsSinceEpoch)
            return overflow ? .null : .duration(TimeSpan(seconds: difference / 1000))
        case (.duration(let x), .duration(let y)) where op == .add || op == .subtract:
            let (total, overflow) =
                op == .add
                ? x.seconds.addingReportingOverflow(y.seconds) : x.seconds.subtractingReportingOverflow(y.seconds)
            return overflow ? .null : .duration(TimeSpan(seconds: total))
        case (.string(let x), .string(let y)) where op == .add:
            guard x.utf8.count + y.utf8.count <= maximumTextBytes else {
                throw Diagnostic(
                    code: .textTooLong,
                    message: "joining the two texts would make one longer than \(maximumTextBytes >> 20) MiB",
                    span: span,
                    hint: "a function that doubles its text on every call (f(s + s)) grows past any memory")
            }
            return .string(x + y)
        default:
            throw Diagnostic(
                code: .arithmetic,
                message: "cannot apply `\(op.rawValue)` to \(Semantics.describe(a)) and \(Semantics.describe(b))",
                span: span)
        }
    }

    static func number(_ value: Value) -> Double {
        switch value {
        case .int(let x): Double(x)
        case .double(let x): x
        default: .nan
        }
    }

    private static func checked(_ result: (partialValue: Int, overflow: Bool), _ span: SourceSpan) -> Value {
        result.overflow ? .null : .int(result.partialValue)
    }

    /// `milliseconds ± span` as an instant, or null when it does not fit.
    private static func instant(_ milliseconds: Int64, plus span: TimeSpan, _ op: BinaryOperator) -> Value {
        let (delta, overflow) = span.seconds.multipliedReportingOverflow(by: op == .add ? 1000 : -1000)
        let (sum, past) = milliseconds.addingReportingOverflow(delta)
        return overflow || past ? .null : .instant(Instant(millisecondsSinceEpoch: sum))
    }

    /// `-x`, null for the one integer without a negative (−2^63).
    static func negate(_ value: Value) -> Value? {
        switch value {
        case .int(let number):
            let (negative, overflow) = 0.subtractingReportingOverflow(number)
            return overflow ? .null : .int(negative)
        case .double(let number): return .double(-number)
        case .duration(let span):
            let (negative, overflow) = Int64(0).subtractingReportingOverflow(span.seconds)
            return overflow ? .null : .duration(TimeSpan(seconds: negative))
        case .null: return .null
        default: return nil
        }
    }
}
