import QuerySyntax

/// What the checker knows of the rows between two stages: their columns, and whether each
/// still stands for a node (so that a property name can be read from it).
struct RowShape: Hashable {
    var columns: [String]
    var carriesNodes: Bool
    /// The kind of every node the rows stand for, when they are all of one kind
    /// (`incidents | where …`): a name then reads a property whose type is declared.
    var nodeKind: String?
    /// The kind of the nodes a column holds, for a column of a pattern's variable that names
    /// one (`i` of `match (i:incident)…`): `i.name` then reads a property of that kind.
    var columnKinds: [String: String] = [:]
    /// The columns that hold a node on every row, of one kind or several: an edge's `from` and
    /// `to`, a pattern's variables. `from starts with "inc-"` is then refused before it runs.
    var nodeColumns: Set<String> = []
    /// Whether the rows show their columns alone (after `select`, or as a bar chart of
    /// them): they still stand for their nodes, but a `distinct` compares the columns and
    /// makes a table, as it does at run time for rows that do not show their nodes.
    var showsColumnsOnly = false

    init(
        columns: [String], carriesNodes: Bool, nodeKind: String? = nil, columnKinds: [String: String] = [:],
        nodeColumns: Set<String> = [], showsColumnsOnly: Bool = false
    ) {
        self.columns = columns
        self.carriesNodes = carriesNodes
        self.nodeKind = nodeKind
        self.columnKinds = columnKinds
        self.nodeColumns = nodeColumns
        self.showsColumnsOnly = showsColumnsOnly
    }

    /// Rows of nodes, with no computed column yet.
    static let nodes = RowShape(columns: [], carriesNodes: true)
    /// Rows nothing is known of (after a stage with a problem), so that one mistake is not
    /// reported again as every later stage's unknown column.
    static let any = RowShape(columns: ["*"], carriesNodes: true)

    /// A table of `columns` whose rows no longer stand for nodes.
    static func table(_ columns: [String]) -> RowShape { RowShape(columns: columns, carriesNodes: false) }

    /// The rows a source gives.
    init(of source: Source, in runner: QueryRunner) {
        switch source.kind {
        case .name(let name):
            if let bound = runner.context.state.bindings[name] {
                self.init(columns: bound.columns, carriesNodes: bound.carriesNodes)
            } else if name == "edges" {
                self = .table(["from", "label", "to", "provenance", "status"])
                nodeColumns = ["from", "to"]
            } else {
                // A kind's nodes; an unknown source is most likely a misspelt kind, whose names
                // are checked as nodes' too.
                self = RowShape(
                    columns: [], carriesNodes: true, nodeKind: runner.context.graph.schema.kind(named: name)?.name)
            }
        case .node(let id):
            let graph = runner.context.graph
            self = RowShape(columns: [], carriesNodes: true, nodeKind: graph.node(id: id).map(graph.kindName(of:)))
        case .path:
            self = .table(["step", "node", "kind", "reached by"])
        case .match(let patterns, _):
            var variables: [String] = []
            var kinds: [String: String?] = [:]
            let schema = runner.context.graph.schema
            for pattern in patterns {
                for node in [pattern.start] + pattern.steps.map(\.node) {
                    guard let name = node.variable else { continue }
                    if !variables.contains(name) { variables.append(name) }
                    guard let kind = node.kind.flatMap({ schema.kind(named: $0)?.name }) else { continue }
                    // A variable given two kinds matches nothing: it is not read as either.
                    kinds[name] = kinds[name].map { $0 == kind ? kind : nil } ?? kind
                }
            }
            self = .table(variables)
            columnKinds = kinds.compactMapValues { $0 }
            nodeColumns = Set(variables)
        }
    }

    /// The rows after `stage`, a stage of a built-in or a plugin; a user's stage is followed
    /// through its definition by the ``Checker``.
    func after(_ stage: Stage, in runner: QueryRunner) -> RowShape {
        let text = runner.text
        switch stage.kind {
        case .filter, .sort, .take, .skip, .top, .export:
            return self
        case .select(let items), .extend(let items):
            let names = items.map { $0.alias ?? text($0.expression.span) }
            // A selected row still stands for its node: `select id | where vector == …` reads it.
            let isExtend = if case .extend = stage.kind { true } else { false }
            // A column keeps its kind where it is kept as it is (`select i, o`), not where
            // a name is given something else.
            var kept = columnKinds.filter { !names.contains($0.key) }
            var keptNodes = nodeColumns.subtracting(names)
            for item in items {
                guard case .name(let name) = item.expression.kind, item.alias ?? name == name else { continue }
                if let kind = columnKinds[name] { kept[name] = kind }
                if nodeColumns.contains(name) { keptNodes.insert(name) }
            }
            if !isExtend {
                kept = kept.filter { names.contains($0.key) }
                keptNodes = keptNodes.filter(names.contains)
            }
            return RowShape(
                columns: isExtend ? columns + names.filter { !columns.contains($0) } : names,
                carriesNodes: carriesNodes, nodeKind: nodeKind, columnKinds: kept, nodeColumns: keptNodes,
                showsColumnsOnly: !isExtend || showsColumnsOnly)
        case .distinct(let expressions):
            guard expressions.isEmpty else { return .table(expressions.map { text($0.span) }) }
            // Selected rows that show the same values are one: a table of the same columns.
            guard showsColumnsOnly else { return self }
            return RowShape(columns: columns, carriesNodes: false, columnKinds: columnKinds, nodeColumns: nodeColumns)
        case .count(let groups):
            return .table(groups.map { $0.alias ?? text($0.expression.span) } + ["count"])
        case .summarize(let aggregates, let groups):
            return .table((groups + aggregates).map { $0.alias ?? text($0.expression.span) })
        case .traverse:
            return .nodes
        case .path:
            return .table(["from", "to", "hops", "path"])
        case .heatmap(let x, let y):
            return .table([text(x.span), text(y.span), "count"])
        case .chart(_, let group):
            if let group { return .table([text(group.span), "count"]) }
            var charted = self
            charted.showsColumnsOnly = true
            return charted
        case .timeline:
            return .table(["period", "count", "phases"])
        case .named(let words, let arguments):
            guard
                case .registered(let registered, _)? = try? runner.context.namedStage(
                    words, argumentCount: arguments.count, at: stage.span)
            else { return .any }
            switch registered.definition.signature.columns {
            case .adds(let added):
                return RowShape(
                    columns: columns + added, carriesNodes: carriesNodes, nodeKind: nodeKind,
                    columnKinds: columnKinds.filter { !added.contains($0.key) },
                    nodeColumns: nodeColumns.subtracting(added), showsColumnsOnly: showsColumnsOnly)
            // What a plugin's table stands for is not declared: its names are not refused.
            case .replaces(let replaced): return RowShape(columns: replaced, carriesNodes: true)
            case .fromStatement: return self
            }
        }
    }
}
