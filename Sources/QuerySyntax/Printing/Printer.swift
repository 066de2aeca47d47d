/// Writes statements back as canonical text: one space around operators, stages joined by
/// ` | `, compound operands in parentheses. Parsing the printed text gives the same statement,
/// which the tests check (parse → print → parse → print is stable).
public enum Printer {
    /// The canonical text of a statement.
    public static func print(_ statement: Statement) -> String {
        switch statement.kind {
        case .query(let query): return print(query)
        case .expression(let expression): return print(expression)
        case .bind(let name, let query): return "let \(name) = \(print(query))"
        case .defineFunction(let name, let parameters, let body):
            return "def fn \(name)(\(parameters.joined(separator: ", "))) = \(print(body))"
        case .defineStage(let name, let parameters, let stages):
            return "def stage \(name)(\(parameters.joined(separator: ", "))) = "
                + stages.map(print).joined(separator: " | ")
        case .tag(let query, let label, let remove):
            return (remove ? "untag " : "tag ") + print(query) + " as " + quote(label)
        case .note(let node, let text):
            return "note \(reference(node)) \(quote(text))"
        }
    }

    static func print(_ query: Query) -> String {
        ([print(query.source)] + query.stages.map(print)).joined(separator: " | ")
    }

    static func print(_ source: Source) -> String {
        switch source.kind {
        case .name(let name): return name
        case .node(let id): return reference(id)
        case .match(let patterns, let condition):
            return "match " + patterns.map(print).joined(separator: ", ")
                + (condition.map { " where " + print($0) } ?? "")
        case .path(let from, let to, let via, let maximum):
            return "path \(reference(from)) -> \(reference(to))" + options(via, maximum)
        }
    }

    static func print(_ stage: Stage) -> String {
        switch stage.kind {
        case .filter(let condition): return "where " + print(condition)
        case .select(let items): return "select " + items.map(print).joined(separator: ", ")
        case .extend(let items): return "extend " + items.map(print).joined(separator: ", ")
        case .sort(let keys): return "sort " + keys.map(print).joined(separator: ", ")
        case .take(let count): return "take " + print(count)
        case .skip(let count): return "skip " + print(count)
        case .top(let count, let key):
            return "top \(print(count)) by \(print(key.expression))" + (key.descending ? "" : " asc")
        case .distinct(let expressions):
            return (["distinct"] + [expressions.map(print).joined(separator: ", ")]).filter { !$0.isEmpty }.joined(
                separator: " ")
        case .count(let groups):
            return groups.isEmpty ? "count" : "count by " + groups.map(print).joined(separator: ", ")
        case .summarize(let aggregates, let groups):
            return "summarize " + aggregates.map(print).joined(separator: ", ")
                + (groups.isEmpty ? "" : " by " + groups.map(print).joined(separator: ", "))
        case .traverse(let direction, let label, let hops):
            let word = direction == .out ? "out" : direction == .in ? "in" : "both"
            let range =
                hops == 1...1
                ? ""
                : hops.lowerBound == hops.upperBound
                    ? " *\(hops.lowerBound)" : " *\(hops.lowerBound)..\(hops.upperBound)"
            return word + (label.map { " " + $0 } ?? "") + range
        case .path(let target, let via, let maximum): return "path " + print(target) + options(via, maximum)
        case .timeline(let unit): return "timeline" + (unit.map { " by " + $0 } ?? "")
        case .chart(let shape, let by): return "chart \(shape)" + (by.map { " by " + print($0) } ?? "")
        case .heatmap(let x, let y): return "heatmap \(print(x)) by \(print(y))"
        case .export(let format, let path): return "export \(format) \(quote(path))"
        case .named(let words, let arguments):
            // A space before the parenthesis: `discover phases (3)`, not `phases(3)`, a call.
            return words.joined(separator: " ")
                + (arguments.isEmpty ? "" : " (" + arguments.map(print).joined(separator: ", ") + ")")
        }
    }

    /// An expression in the language's canonical form.
    public static func print(_ expression: Expression) -> String {
        switch expression.kind {
        case .literal(let literal): return print(literal)
        case .name(let name): return name
        case .node(let id): return reference(id)
        case .member(let base, let name): return operand(base) + "." + name
        case .index(let base, let index): return operand(base) + "[" + print(index) + "]"
        case .call(let name, let arguments): return name + "(" + arguments.map(print).joined(separator: ", ") + ")"
        case .lambda(let parameter, let body): return "\(parameter) => \(print(body))"
        case .list(let elements): return "[" + elements.map(print).joined(separator: ", ") + "]"
        case .range(let low, let high): return operand(low) + ".." + operand(high)
        case .unary(.not, let operand): return "not " + self.operand(operand)
        case .unary(.negate, let operand): return "-" + self.operand(operand)
        case .binary(let op, let left, let right): return "\(operand(left)) \(op.rawValue) \(operand(right))"
        case .between(let value, let low, let high):
            return "\(operand(value)) between \(operand(low)) and \(operand(high))"
        case .isNull(let value, let negated): return operand(value) + (negated ? " is not null" : " is null")
        }
    }

    private static func options(_ via: [String], _ maximum: Int?) -> String {
        (via.isEmpty ? "" : " via " + via.joined(separator: ", ")) + (maximum.map { " max \($0)" } ?? "")
    }

    private static func print(_ item: SelectItem) -> String {
        print(item.expression) + (item.alias.map { " as " + $0 } ?? "")
    }

    private static func print(_ key: SortKey) -> String {
        print(key.expression) + (key.descending ? " desc" : "")
    }

    private static func print(_ pattern: Pattern) -> String {
        print(pattern.start) + pattern.steps.map { print($0.edge) + print($0.node) }.joined()
    }

    private static func print(_ node: NodePattern) -> String {
        var text = "(" + (node.variable ?? "") + (node.kind.map { ":" + $0 } ?? "")
        if !node.properties.isEmpty {
            text +=
                (text == "(" ? "" : " ") + "{"
                + node.properties.map { "\($0.name): \(print($0.value))" }.joined(separator: ", ") + "}"
        }
        return text + ")"
    }

    private static func print(_ edge: EdgePattern) -> String {
        var inside = edge.label.map { ":" + $0 } ?? ""
        if edge.hops != 1...1 {
            inside +=
                edge.hops.lowerBound == edge.hops.upperBound
                ? "*\(edge.hops.lowerBound)" : "*\(edge.hops.lowerBound)..\(edge.hops.upperBound)"
        }
        let bracket = "[" + inside + "]"
        switch edge.direction {
        case .out: return "-" + bracket + "->"
        case .in: return "<-" + bracket + "-"
        case .both: return "-" + bracket + "-"
        }
    }

    private static func print(_ literal: Literal) -> String {
        func pad(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        switch literal {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .decimal(let number): return String(number)
        case .string(let text): return quote(text)
        case .date(let year, let month, let day): return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        case .month(let year, let month): return "\(pad(year, 4))-\(pad(month, 2))"
        case .dateTime(let text): return text
        case .duration(let seconds):
            let units: [(String, Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
            var rest = seconds
            var parts: [String] = []
            for (suffix, size) in units where rest >= size {
                parts.append("\(rest / size)\(suffix)")
                rest %= size
            }
            return parts.isEmpty ? "0s" : parts.joined(separator: " ")
        }
    }

    /// Compound operands in parentheses, so that precedence never has to be reasoned about.
    private static func operand(_ expression: Expression) -> String {
        switch expression.kind {
        case .binary, .between, .isNull, .unary, .range, .lambda: return "(" + print(expression) + ")"
        case .literal(.integer(let number)) where number < 0: return "(" + print(expression) + ")"
        case .literal(.decimal(let number)) where number < 0: return "(" + print(expression) + ")"
        default: return print(expression)
        }
    }

    private static func reference(_ id: String) -> String {
        let plain =
            !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            && !(id.first?.isNumber ?? false) && !id.hasSuffix("-")
        return plain ? "@" + id : "@" + quote(id)
    }

    private static func quote(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
