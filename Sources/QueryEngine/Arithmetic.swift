import IncidentGraph
import QuerySyntax

/// `+ - * / %` on numbers, and on instants and durations (`ts - 90d`, `b.ts - a.ts`).
enum Arithmetic {
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
                return .int(x % y)
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
            let delta = d.seconds * 1000 * (op == .add ? 1 : -1)
            return .instant(Instant(millisecondsSinceEpoch: t.millisecondsSinceEpoch + delta))
        case (.date(let day), .duration(let d)) where op == .add || op == .subtract:
            let start = Int64(day.daysSinceEpoch) * 86_400_000
            return .instant(Instant(millisecondsSinceEpoch: start + d.seconds * 1000 * (op == .add ? 1 : -1)))
        case (.instant(let x), .instant(let y)) where op == .subtract:
            return .duration(TimeSpan(seconds: (x.millisecondsSinceEpoch - y.millisecondsSinceEpoch) / 1000))
        case (.duration(let x), .duration(let y)) where op == .add || op == .subtract:
            return .duration(TimeSpan(seconds: op == .add ? x.seconds + y.seconds : x.seconds - y.seconds))
        case (.string(let x), .string(let y)) where op == .add:
            return .string(x + y)
        default:
            throw Diagnostic(
                code: "type.arithmetic",
                message: "cannot apply `\(op.rawValue)` to \(Evaluator.describe(a)) and \(Evaluator.describe(b))",
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
}
