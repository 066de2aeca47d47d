import Foundation
import IncidentGraph
import PluginAPI
import QuerySyntax

/// Calls: a session's `def fn` functions, `any` and `all` over a list, `coalesce` (which reads
/// its arguments only as far as the first that is not null), `now`, the calendar fields with a
/// zone looked up once, and every other function applied to its arguments' values.
extension ExpressionCompiler {
    func compileCall(_ name: String, _ arguments: [Expression], _ whole: Expression) -> Compiled {
        if let function = semantics.context.state.functions[name] {
            return userCall(name, (function.parameters, function.body), arguments, whole)
        }
        switch name {
        case "any", "all":
            return quantifier(name, arguments, whole)
        case "coalesce":
            let compiled = arguments.map(compileRow)
            return { row throws(Diagnostic) in
                for argument in compiled {
                    let value = try argument(row)
                    if !value.isNull { return value }
                }
                return .null
            }
        case "now":
            if let problem = semantics.arityProblem(of: name, arguments, at: whole.span) { return failing(problem) }
            let now = Value.instant(semantics.context.now)
            return { _ in now }
        default:
            let general = applied(name, arguments, whole)
            if let count = splitCount(name, arguments, otherwise: general) { return count }
            if let list = splitList(whole, otherwise: general) { return list }
            if let text = textFunction(name, arguments, whole) { return text }
            if let field = CalendarField(rawValue: name) {
                return knownToPrecision(field, arguments, calendar(field, arguments, otherwise: general) ?? general)
            }
            return general
        }
    }

    /// A built-in or plugin function applied to its arguments' values; a call with too few or
    /// too many arguments fails once they are worked out (found once, not on every row).
    private func applied(_ name: String, _ arguments: [Expression], _ whole: Expression) -> Compiled {
        let compiledArguments = arguments.map(compileRow)
        let arityProblem = semantics.arityProblem(of: name, arguments, at: whole.span)
        return { row throws(Diagnostic) in
            var values: [Value] = []
            values.reserveCapacity(compiledArguments.count)
            for argument in compiledArguments { values.append(try argument(row)) }
            if let arityProblem { throw arityProblem }
            return try semantics.apply(name, values, arguments, at: whole.span)
        }
    }

    /// `lower`, `upper`, `trim` or `len` of one argument: a text's worked out as it is, without a
    /// list of the argument values made on every row; any other value is given to the function
    /// as the general call gives it.
    private func textFunction(_ name: String, _ arguments: [Expression], _ whole: Expression) -> Compiled? {
        let change: (String) -> Value
        switch name {
        case "lower": change = { .string(CaseChange.lowered($0)) }
        case "upper": change = { .string(CaseChange.raised($0)) }
        case "trim": change = { .string(TextPieces.trimmed($0)) }
        case "len": change = { .int(CharacterCount.of($0)) }
        default: return nil
        }
        guard arguments.count == 1 else { return nil }
        let (subject, semantics) = (compileRow(arguments[0]), self.semantics)
        return { row throws(Diagnostic) in
            let value = try subject(row)
            guard case .string(let text) = value else {
                return try semantics.apply(name, [value], arguments, at: whole.span)
            }
            return change(text)
        }
    }

    /// `any(list, x => condition)` and `all(…)`: the condition run with `x` bound to each element.
    private func quantifier(_ name: String, _ arguments: [Expression], _ whole: Expression) -> Compiled {
        guard arguments.count == 2, case .lambda(let variable, let body) = arguments[1].kind else {
            return failing(Semantics.quantifierProblem(name, at: whole.span))
        }
        let list = compileRow(arguments[0])
        let (inner, bound) = binding([variable])
        let condition = inner.compileRow(body)
        let (semantics, listSpan, element, isAny) = (self.semantics, arguments[0].span, bound[0], name == "any")
        let general: Compiled = { row throws(Diagnostic) in
            let value = try list(row)
            guard case .list(let elements) = value else {
                if value.isNull { return .null }
                throw semantics.typeError("`\(name)` needs a list", value, at: listSpan)
            }
            let outer = element.value
            defer { element.value = outer }
            for value in elements {
                element.value = value
                let result = try semantics.truth(try condition(row), at: body.span)
                if isAny, result == true { return .bool(true) }
                if !isAny, result != true { return .bool(false) }
            }
            return .bool(!isAny)
        }
        return quantifierOverPieces(isAny, arguments[0], variable, element, body, condition, otherwise: general)
            ?? general
    }

    /// A `def fn` function: its arguments worked out, then its body run with its parameters
    /// bound to them. The body sees the row and every name the call site sees; a problem in it
    /// is told as the function's, under the outermost call. It is compiled
    /// the first time the call runs, so a function that calls itself compiles one level per
    /// level of calls actually made — and those are at most ``Semantics/maximumCallDepth``.
    private func userCall(
        _ name: String, _ function: (parameters: [String], body: Expression), _ arguments: [Expression],
        _ whole: Expression
    ) -> Compiled {
        let count = function.parameters.count
        if let problem = Semantics.arityProblem(name, count: arguments.count, count...count, at: whole.span) {
            return failing(problem)
        }
        let compiledArguments = arguments.map(compileRow)
        let (inner, parameters) = binding(function.parameters)
        let body = LazyCompiled { inner.compileRow(function.body) }
        let runtime = self.runtime
        return { row throws(Diagnostic) in
            guard runtime.callDepth < Semantics.maximumCallDepth else {
                throw Diagnostic(
                    code: .callDepth, message: "functions call each other more than \(Semantics.maximumCallDepth) deep",
                    span: whole.span, hint: "does `\(name)` call itself?")
            }
            var values: [Value] = []
            values.reserveCapacity(compiledArguments.count)
            for argument in compiledArguments { values.append(try argument(row)) }
            let outer = parameters.map(\.value)
            runtime.callDepth += 1
            defer {
                runtime.callDepth -= 1
                for (parameter, value) in zip(parameters, outer) { parameter.value = value }
            }
            for (parameter, value) in zip(parameters, values) { parameter.value = value }
            do throws(Diagnostic) {
                return try body.compiled(row)
            } catch  where runtime.callDepth == 1 && error.code != QueryDiagnostic.cancelled.code {
                // The body was written in the definition: its problem is told at the call.
                throw error.retold(
                    message: "in function `\(name)`: \(error.message)", span: whole.span, hint: error.hint)
            }
        }
    }

    /// This compiler with more names bound while the statement runs, each to a value of its own,
    /// and those values in the order of the names.
    private func binding(_ names: [String]) -> (ExpressionCompiler, values: [BoundValue]) {
        var inner = self
        let values = names.map { name in
            let value = BoundValue()
            inner.bound[name] = value
            return value
        }
        return (inner, values)
    }

    /// `compiled`, null where the instant it reads is recorded too coarsely for `field`
    /// (``CoarseInstants``): `hour(ts)` of an incident known to the month. The value is worked
    /// out first, so that an error is the one it gives.
    private func knownToPrecision(_ field: CalendarField, _ arguments: [Expression], _ compiled: @escaping Compiled)
        -> Compiled
    {
        let graph = semantics.context.graph
        // The property read, and the node it is read on: the row's, or the one a member's base gives.
        let property: String
        let owner: (Row) throws(Diagnostic) -> NodeID?
        switch arguments.first?.kind {
        case .name(let name) where !isVariable(name) && !columns.contains(name):
            (property, owner) = (name, { $0.node })
        case .member(let base, let name):
            let compiledBase = compileRow(base)
            property = name
            owner = { row throws(Diagnostic) in
                if case .node(let reference) = try compiledBase(row) { reference.node } else { nil }
            }
        default:
            return compiled
        }
        guard let coarse = CoarseInstants(property, for: field, in: graph) else { return compiled }
        return { row throws(Diagnostic) in
            let value = try compiled(row)
            guard !value.isNull, let node = try owner(row), coarse.isCoarse(node, in: graph) else { return value }
            return .null
        }
    }

    /// `hour(ts, "Asia/Shanghai")` and its kin with a zone written as text: the zone is looked
    /// up once, not on every row; nil when the call is not of that form.
    private func calendar(_ field: CalendarField, _ arguments: [Expression], otherwise general: @escaping Compiled)
        -> Compiled?
    {
        guard (1...2).contains(arguments.count) else { return nil }
        var zoneName: String?
        if arguments.count == 2 {
            guard case .literal(.string(let text)) = arguments[1].kind else { return nil }
            zoneName = text
        }
        guard let zone = semantics.context.zones.zone(zoneName) else { return nil }
        let compiledInstant = compileRow(arguments[0])
        let fixed = semantics.context.zones.fixedOffset(zone)
        // `hour(ts)` of an instant property: the column's milliseconds, no value made per row.
        let stored: PropertyReader? =
            if case .name(let name) = arguments[0].kind, let reader = directProperty(name), reader.type == .instant {
                reader
            } else {
                nil
            }
        return { row throws(Diagnostic) in
            let milliseconds = stored.flatMap { reader in row.node.flatMap(reader.integer(of:)) }
            let value = milliseconds == nil ? try compiledInstant(row) : .null
            if let instant = milliseconds.map(Instant.init(millisecondsSinceEpoch:)) ?? semantics.instant(value) {
                if let fixed, instant.millisecondsSinceEpoch >= fixed.since {
                    let local = Instant(
                        millisecondsSinceEpoch: instant.millisecondsSinceEpoch + Int64(fixed.offset) * 1000)
                    return field.value(day: local.day, millisecond: local.millisecondOfDay)
                }
                return semantics.calendarValue(field, instant, zone)
            }
            if value.isNull { return .null }
            return try general(row)
        }
    }
}

/// How deep `def fn` functions are calling each other while one statement's expressions run.
final class RuntimeBindings {
    var callDepth = 0
}

/// The value of one name bound while a statement runs (a lambda's element, a `def fn`'s
/// parameter), null until bound: each place that binds a name has its own, read by the
/// expressions compiled under it. It is kept in memory of its own, so that reading or binding
/// it checks no exclusive access, as a class's stored property does on every access. Statements
/// run on one thread; each binding is undone when the call or element that made it ends.
final class BoundValue {
    private let storage = UnsafeMutablePointer<Value>.allocate(capacity: 1)

    init() {
        storage.initialize(to: .null)
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    var value: Value {
        get { storage.pointee }
        set { storage.pointee = newValue }
    }
}

/// An expression compiled the first time it runs (a `def fn`'s body at one call site).
private final class LazyCompiled {
    private let make: () -> ExpressionCompiler.Compiled
    private var made: ExpressionCompiler.Compiled?

    init(_ make: @escaping () -> ExpressionCompiler.Compiled) {
        self.make = make
    }

    func compiled(_ row: Row) throws(Diagnostic) -> Value {
        if let made { return try made(row) }
        let compiled = make()
        made = compiled
        return try compiled(row)
    }
}
