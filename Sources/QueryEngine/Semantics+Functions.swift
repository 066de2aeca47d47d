import Foundation
import IncidentGraph
import PluginAPI
import QuerySyntax

/// The built-in scalar functions, and calls of `def fn` functions.
extension Semantics {
    /// Names of the built-in scalar functions, for hints and completion.
    static let functionNames = [
        "lower", "upper", "len", "trim", "split", "join", "coalesce", "abs", "round", "floor", "ceil", "size", "year",
        "month", "day", "hour", "minute", "weekday", "date", "week", "quarter", "now", "days_between", "any", "all",
    ]

    /// How `floor`, `ceil` and `round` round a decimal: `round` takes halves away from zero.
    static let roundingRules: [String: FloatingPointRoundingRule] = [
        "floor": .down, "ceil": .up, "round": .toNearestOrAwayFromZero,
    ]

    /// Aggregates, valid only in `summarize`.
    static let aggregateNames = [
        "count", "sum", "avg", "min", "max", "median", "collect", "distinct_count", "first", "last",
    ]

    /// Deepest chain of user-function calls.
    static let maximumCallDepth = 64

    /// How many arguments each built-in function takes (`coalesce` any number).
    static let arities: [String: ClosedRange<Int>] = [
        "lower": 1...1, "upper": 1...1, "trim": 1...1, "len": 1...1, "size": 1...1, "split": 2...2, "join": 1...2,
        "abs": 1...1, "floor": 1...1, "ceil": 1...1, "round": 1...2, "year": 1...2, "month": 1...2, "day": 1...2,
        "hour": 1...2, "minute": 1...2, "weekday": 1...2, "date": 1...2, "week": 1...2, "quarter": 1...2,
        "now": 0...0, "days_between": 2...2, "any": 2...2, "all": 2...2,
    ]

    /// The number of arguments a function takes, as the session (`def fn`), a plugin or the
    /// language defines it; nil when it takes any number or is not a function.
    func arity(of name: String) -> ClosedRange<Int>? {
        if let function = context.state.functions[name] {
            return function.parameters.count...function.parameters.count
        }
        if let registered = context.registry.function(named: name), registered.definition.run != nil {
            let parameters = registered.definition.parameters
            return parameters.filter { !$0.isOptional }.count...parameters.count
        }
        return Self.arities[name]
    }

    /// "`name` takes 1 argument(s), not 2" when `count` is outside `range`.
    static func arityProblem(_ name: String, count: Int, _ range: ClosedRange<Int>, at span: SourceSpan)
        -> Diagnostic?
    {
        guard !range.contains(count) else { return nil }
        let expected =
            range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
        return Diagnostic(code: .arity, message: "`\(name)` takes \(expected) argument(s), not \(count)", span: span)
    }

    /// A built-in scalar function (or an aggregate misused) on evaluated arguments, as many as
    /// it takes (``arityProblem(of:_:at:)`` finds a call with too few or too many).
    func apply(_ name: String, _ values: [Value], _ arguments: [Expression], at span: SourceSpan) throws(Diagnostic)
        -> Value
    {
        switch name {
        case "lower", "upper", "trim", "len":
            if case .list(let list) = values[0], name == "len" { return .int(list.count) }
            guard case .string(let text) = values[0] else {
                return try nullOr(values[0], "`\(name)` works on text", arguments[0])
            }
            switch name {
            case "lower": return .string(CaseChange.lowered(text))
            case "upper": return .string(CaseChange.raised(text))
            case "trim": return .string(TextPieces.trimmed(text))
            default: return .int(CharacterCount.of(text))
            }
        case "size":
            if case .list(let list) = values[0] { return .int(list.count) }
            return try nullOr(values[0], "`size` counts the elements of a list", arguments[0])
        case "split":
            guard case .string(let text) = values[0], case .string(let separator) = values[1], !separator.isEmpty else {
                return try nullOr(
                    values[0], "`split(text, separator)` needs text and a non-empty separator", arguments[0])
            }
            let pieces = TextPieces.split(text, by: separator) ?? text.components(separatedBy: separator)
            return .list(pieces.map(Value.string))
        case "join":
            guard case .list(let list) = values[0] else {
                return try nullOr(values[0], "`join` joins a list", arguments[0])
            }
            let separator = values.count > 1 ? values[1].stringValue ?? ", " : ", "
            return .string(list.map(\.displayText).joined(separator: separator))
        case "abs", "floor", "ceil", "round":
            switch values[0] {
            case .int(let number):
                return name == "abs"
                    ? (number < 0 ? Arithmetic.negate(.int(number)) ?? .null : .int(number)) : .int(number)
            case .double(let number):
                guard let rule = Self.roundingRules[name] else { return .double(abs(number)) }
                guard name == "round", values.count > 1 else { return .double(number.rounded(rule)) }
                let scale = pow(10.0, Double(values[1].intValueOrZero))
                return .double((number * scale).rounded(rule) / scale)
            default: return try nullOr(values[0], "`\(name)` works on numbers", arguments[0])
            }
        case "year", "month", "day", "hour", "minute", "weekday", "date", "week", "quarter":
            return try calendarField(name, values, arguments, at: span)
        case "days_between":
            guard let a = instant(values[0]), let b = instant(values[1]) else {
                return try nullOr(
                    values[0].isNull ? values[0] : values[1], "`days_between` needs two dates", arguments[0])
            }
            return .int(Int((b.millisecondsSinceEpoch - a.millisecondsSinceEpoch) / 86_400_000))
        default:
            if let function = context.registry.function(named: name), let run = function.definition.run {
                return try callRegistered(function, run, values, arguments, at: span)
            }
            if Self.aggregateNames.contains(name) || context.registry.aggregate(named: name) != nil {
                throw Diagnostic(
                    code: .aggregateOutsideSummarize, message: "`\(name)()` is an aggregate: use it in `summarize`",
                    span: span,
                    hint: "incidents | summarize \(name)(…) by …")
            }
            throw KnownFunctionRule.unknown(name, arguments, at: span, context, text: Printer.print)
        }
    }

    /// A plugin's function: arity and argument types checked against its parameters.
    private func callRegistered(
        _ function: PluginRegistry.Owned<FunctionDefinition>, _ run: (FunctionCall) throws(PluginError) -> Value,
        _ values: [Value], _ arguments: [Expression], at span: SourceSpan
    ) throws(Diagnostic) -> Value {
        let parameters = function.definition.parameters
        for (index, (parameter, value)) in zip(parameters, values).enumerated() {
            if let type = parameter.type, let actual = value.type, !type.accepts(actual) {
                throw Diagnostic(
                    code: .typeMismatch,
                    message:
                        "`\(parameter.name)` of `\(function.definition.name)` must be \(type.rawValue), not \(actual.rawValue)",
                    span: arguments[index].span)
            }
        }
        do {
            return try run(FunctionCall(graph: context.graph, arguments: values))
        } catch {
            throw Diagnostic(
                code: .plugin, message: "\(function.owner): \(error.message)", span: span, hint: error.hint)
        }
    }

    /// `year(ts)`, `hour(ts, "Asia/Shanghai")`: fields of an instant in UTC or an IANA zone.
    private func calendarField(_ name: String, _ values: [Value], _ arguments: [Expression], at span: SourceSpan)
        throws(Diagnostic) -> Value
    {
        var zoneName: String?
        if values.count == 2 {
            guard case .string(let text) = values[1] else {
                throw Diagnostic(
                    code: .typeMismatch, message: "the time zone must be an IANA name in quotes",
                    span: arguments[1].span,
                    hint: "\"Asia/Shanghai\", \"Asia/Tokyo\", \"UTC\"")
            }
            zoneName = text
        }
        guard let zone = context.zones.zone(zoneName) else {
            throw Diagnostic(
                code: .timeZone, message: "unknown time zone `\(zoneName ?? "")`", span: arguments[1].span,
                hint: "use an IANA name such as \"Asia/Shanghai\" or \"Asia/Tokyo\"")
        }
        guard let instant = instant(values[0]) else {
            return try nullOr(values[0], "`\(name)` needs a date or date-time", arguments[0])
        }
        return calendarValue(CalendarField(rawValue: name) ?? .date, instant, zone)
    }

    /// One calendar field of an instant in a zone.
    func calendarValue(_ field: CalendarField, _ instant: Instant, _ zone: TimeZone) -> Value {
        let (day, millisecond) = context.zones.local(instant, in: zone)
        return field.value(day: day, millisecond: millisecond)
    }

    func instant(_ value: Value) -> Instant? {
        switch value {
        case .instant(let instant): instant
        case .date(let day): Instant(millisecondsSinceEpoch: Int64(day.daysSinceEpoch) * 86_400_000)
        default: nil
        }
    }

    /// `any` or `all` called with anything but a list and a condition.
    static func quantifierProblem(_ name: String, at span: SourceSpan) -> Diagnostic {
        Diagnostic(
            code: .arity, message: "`\(name)` takes a list and a condition", span: span,
            hint: "\(name)(malware, m => m.name == \"LODEINFO\")")
    }

    /// The problem when `name` is called with a number of arguments it does not take; nil when
    /// it takes that many (or is no function: the call says so).
    func arityProblem(of name: String, _ arguments: [Expression], at span: SourceSpan) -> Diagnostic? {
        arity(of: name).flatMap { Self.arityProblem(name, count: arguments.count, $0, at: span) }
    }

    /// `null` in, `null` out; anything else of the wrong type is an error.
    private func nullOr(_ value: Value, _ message: String, _ argument: Expression) throws(Diagnostic) -> Value {
        if value.isNull { return .null }
        throw typeError(message, value, at: argument.span)
    }
}

extension Value {
    var intValueOrZero: Int {
        if case .int(let number) = self { return number }
        return 0
    }
}
