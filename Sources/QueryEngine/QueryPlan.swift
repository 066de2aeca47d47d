import IncidentGraph
import QuerySyntax

/// How a query runs, worked out before it runs: where its first rows come from (the access
/// path), then the operators that work on them in order, each with the rows it is expected to
/// give. The runner executes this value and `:explain` prints it, so what is shown is what runs.
public struct QueryPlan: Sendable {
    /// Where the first rows come from.
    public enum Access: Sendable, Equatable {
        /// Every node of a kind, in graph order.
        case kindScan(kind: String)
        /// The nodes of a kind whose time lies in a range, read from the kind's time index and
        /// put back in graph order; the `where` the range comes from still tests every row.
        case timeIndex(kind: String, range: ClosedRange<Instant>)
        /// The nodes of a kind in the order of their time, read from the kind's time index for
        /// a `sort` by that time, which then has nothing to sort: the first `first` of every node
        /// (those without a time last), or those whose time lies in `range` when the `where`
        /// before the sort gives one (it still tests every row; they are put back in graph order,
        /// and sorted, unless time order is graph order). Equal times keep graph order, as the
        /// stable `sort` keeps them.
        case timeOrder(kind: String, range: ClosedRange<Instant>?, descending: Bool, first: Int?)
        /// The nodes of a kind with edges that lead to one node through a chain of single-valued
        /// links (`target.sector`), followed backwards from that node and put in graph order;
        /// the `where` the chain and node come from still tests every row.
        case linkIndex(kind: String, chain: [String], id: String)
        /// The nodes of a kind with edges that lead through a chain of single-valued links to
        /// one of the nodes at its far end (`targets`, node numbers) for which a part of the
        /// `where` that reads only that node holds (`part`: `actor.name == "APT10"`), followed
        /// backwards and put in graph order; the `where` still tests every row.
        case linkCondition(kind: String, chain: [String], part: String, targets: [Int32])
        /// The rows a `let` bound.
        case binding(String)
        /// Every node.
        case allNodes
        /// Every edge.
        case allEdges
        /// One node, by its id.
        case idLookup(String)
        /// The node of a kind with an id a `where` asks for (`where id == "inc-0500000"`), from
        /// the id index; the `where` still tests it.
        case idIndex(kind: String, id: String)
        /// The matches of `match` patterns.
        case patternMatch
        /// The steps of a shortest path.
        case shortestPath(from: String, to: String)
    }

    /// One step after the access path.
    public struct Operator: Sendable {
        /// The positions of the stages it runs: one, or a `count` or `summarize` with the
        /// `where` before it (tested while the rows are grouped) and the `top N by` an aggregate
        /// after it (only the groups it keeps made into rows) or the `count` after it.
        public let stages: Range<Int>
        /// The rows it is expected to give.
        public let estimate: RowEstimate
        /// Whether it tests a `where` while the next stage groups, without a table between.
        public let fusesFilter: Bool
        /// Whether the grouping keeps only the groups a `top N by` after it keeps.
        public let keepsTop: Bool
        /// Whether it is a `count by` and the `count` after it: only how many groups there are
        /// is given, no group ordered or made into a row.
        public let countsGroups: Bool
        /// For a `sort` that a `take N` follows (or `skip K | take M`: N = K + M): N, the rows
        /// picked out in order without sorting the others; for a `count by` or `summarize … by`:
        /// N, the groups made into rows, picked out the same way; for a `where`: N, the rows that
        /// pass before the test stops; for a `skip` that a `take N` follows: N, the rows after the
        /// skipped ones kept.
        public let keepsFirst: Int?
        /// For a `select` or `extend` that a `take N` follows (after more of them): N, the rows
        /// it makes; the others would be dropped.
        public let computesFirst: Int?
        /// Whether it is a `sort` whose rows the access path gives in its order
        /// (``Access/timeOrder(kind:range:descending:first:)``).
        public let sortedAlready: Bool
        /// Whether it is a `select` and the `distinct` after it: the distinct selected values are
        /// found as `distinct` of the items' expressions finds them, and no selected row is made.
        public let selectsDistinct: Bool

        init(
            stages: Range<Int>, estimate: RowEstimate, fusesFilter: Bool = false, keepsTop: Bool = false,
            countsGroups: Bool = false, keepsFirst: Int? = nil, computesFirst: Int? = nil, sortedAlready: Bool = false,
            selectsDistinct: Bool = false
        ) {
            self.stages = stages
            self.estimate = estimate
            self.fusesFilter = fusesFilter
            self.keepsTop = keepsTop
            self.countsGroups = countsGroups
            self.keepsFirst = keepsFirst
            self.computesFirst = computesFirst
            self.sortedAlready = sortedAlready
            self.selectsDistinct = selectsDistinct
        }
    }

    /// The query planned.
    public let query: Query
    /// Where the first rows come from.
    public let access: Access
    /// The rows the access path is expected to give.
    public let accessEstimate: RowEstimate
    /// The operators, in the order they run.
    public let operators: [Operator]
}

/// How many rows a step is expected to give.
public enum RowEstimate: Sendable, Equatable, CustomStringConvertible {
    case exactly(Int)
    case atMost(Int)
    case unknown

    /// The most rows it may be, when known.
    var bound: Int? {
        switch self {
        case .exactly(let count), .atMost(let count): count
        case .unknown: nil
        }
    }

    /// At most what this is.
    var orFewer: RowEstimate { bound.map(RowEstimate.atMost) ?? .unknown }

    /// `33`, `≤ 33` or `?`.
    public var description: String {
        switch self {
        case .exactly(let count): "\(count)"
        case .atMost(let count): "≤ \(count)"
        case .unknown: "?"
        }
    }
}

/// What running a plan measured, for `:explain analyze`: the rows each step gave and the time
/// it took (the access path first, then each operator).
public struct PlanMeasurement: Sendable {
    /// Rows after each step.
    public var rows: [Int] = []
    /// Time each step took.
    public var durations: [Duration] = []
}

extension QueryPlan {
    /// The plan as lines of text: one per step with what it does, the rows expected and, when
    /// it was run (`measured`), the rows it gave and its time. `text` is the query's source;
    /// with a `width` (a terminal's), a step's text is cut short (…) so each line fits.
    public func lines(text: String, measured: PlanMeasurement? = nil, width: Int? = nil) -> [String] {
        let characters = Array(text)
        func written(_ position: Int) -> String {
            let span = query.stages[position].span
            return String(characters[min(span.start, characters.count)..<min(span.end, characters.count)])
        }
        var steps: [(what: String, estimate: RowEstimate)] = [(accessText, accessEstimate)]
        for step in operators {
            var what = step.stages.map { "\($0 + 1). " + written($0) }.joined(separator: " | ")
            if step.fusesFilter { what += "  (where tested while grouping)" }
            if step.keepsTop { what += "  (only the top groups made into rows)" }
            if step.countsGroups { what += "  (only the groups counted)" }
            if step.selectsDistinct { what += "  (no selected row made)" }
            if let first = step.keepsFirst, !step.fusesFilter, case .filter = query.stages[step.stages.lowerBound].kind
            {
                what += "  (tested until \(first) rows pass)"
            } else if let next = step.keepsFirst, case .skip = query.stages[step.stages.lowerBound].kind {
                what += "  (only the \(next) rows after them kept)"
            } else if step.sortedAlready {
                let first = step.keepsFirst.map { "only the first \($0) picked out, " } ?? ""
                what += "  (\(first)not sorted again when the rows come in this order)"
            } else if let first = step.keepsFirst {
                what += "  (only the first \(first) picked out, the rest not sorted)"
            }
            if let first = step.computesFirst { what += "  (only the first \(first) rows made)" }
            steps.append((what, step.estimate))
        }
        var header = ["step", "rows expected"]
        if measured != nil { header += ["rows", "ms"] }
        var table = [header]
        for (index, step) in steps.enumerated() {
            var row = [step.what, step.estimate.description]
            if let measured, index < measured.rows.count {
                let (seconds, attoseconds) = measured.durations[index].components
                let tenths = Int((Double(seconds) * 1e4 + Double(attoseconds) / 1e14).rounded())
                row += ["\(measured.rows[index])", "\(tenths / 10).\(tenths % 10)"]
            } else if measured != nil {
                row += ["", ""]  // not reached: an earlier step failed
            }
            table.append(row)
        }
        var widths = header.indices.map { column in table.map { TextWidth.of($0[column]) }.max() ?? 0 }
        if let width {
            let others = widths.dropFirst().reduce(0, +) + 2 * (widths.count - 1)
            widths[0] = min(widths[0], max(TextWidth.of(header[0]), width - others))
            for index in table.indices { table[index][0] = TextWidth.truncate(table[index][0], toWidth: widths[0]) }
        }
        return table.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - TextWidth.of(cell))
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }

    private var accessText: String {
        switch access {
        case .kindScan(let kind): "scan every `\(kind)` node"
        case .timeIndex(let kind, let range):
            "read `\(kind)` through the time index: \(range.lowerBound.iso8601) … \(range.upperBound.iso8601)"
        case .timeOrder(let kind, let range, let descending, let first):
            "read `\(kind)` through the time index"
                + (range.map {
                    ": \($0.lowerBound.iso8601) … \($0.upperBound.iso8601), in time order if it is graph order"
                }
                    ?? ", \(descending ? "latest" : "earliest") first")
                + (first.map { ", the first \($0)" } ?? "")
        case .linkIndex(let kind, let chain, let id):
            "read `\(kind)` back from @\(id) through `\(chain.joined(separator: "."))` (the link index)"
        case .linkCondition(let kind, let chain, let part, let targets):
            "read `\(kind)` back through `\(chain.joined(separator: "."))` from the \(targets.count) "
                + "node\(targets.count == 1 ? "" : "s") `\(part)` holds for (the link index)"
        case .binding(let name): "the rows bound to `\(name)`"
        case .allNodes: "scan every node"
        case .allEdges: "scan every edge"
        case .idLookup(let id): "look up @\(id) in the id index"
        case .idIndex(let kind, let id): "look up `\(id)` in the id index, if it is a `\(kind)` node"
        case .patternMatch: "match the patterns: candidates by kind, steps through the adjacency index"
        case .shortestPath(let from, let to):
            "shortest path @\(from) → @\(to), breadth-first through the adjacency index"
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
