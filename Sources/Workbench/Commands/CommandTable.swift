import IncidentGraph
import QueryEngine
import QuerySyntax
import Spelling

/// The workbench commands, one row each; `:help` is generated from this table.
enum CommandTable {
    static let all: [WorkbenchCommand] = [
        WorkbenchCommand(
            name: "help", aliases: ["h", "?"], arguments: "[command | stage | topic]",
            summary: "show the commands, or help on one command, stage, function or plugin topic",
            maximumArguments: .max, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                let topic = invocation.arguments.first.map { first in
                    (
                        invocation.rest.text.trimmingCharacters(in: .whitespaces),
                        SourceSpan(start: first.span.start, end: invocation.arguments.last?.span.end ?? first.span.end)
                    )
                }
                return .succeeded(try HelpText.render(topic, workspace: workspace))
            }),
        WorkbenchCommand(
            name: "quit", aliases: ["q", "exit"], arguments: "", summary: "leave Kagami (Ctrl-D does the same)",
            maximumArguments: 0, completesKinds: false, run: { _, _ in .quit }),
        WorkbenchCommand(
            name: "schema", aliases: [], arguments: "[kind]",
            summary: "the node kinds and edge labels, or one kind's properties and links",
            maximumArguments: 1, completesKinds: true,
            run: { workspace, invocation throws(Diagnostic) in
                .succeeded(try SchemaReport.render(invocation.arguments.first, workspace: workspace))
            }),
        WorkbenchCommand(
            name: "stats", aliases: [], arguments: "", summary: "how many nodes of each kind and edges of each label",
            maximumArguments: 0, completesKinds: false,
            run: { workspace, _ in
                .succeeded(StatsReport.render(workspace: workspace))
            }),
        WorkbenchCommand(
            name: "sources", aliases: [], arguments: "",
            summary: "the reports and articles the data cites, with how many facts cite each",
            maximumArguments: 0, completesKinds: false,
            run: { workspace, _ in
                .succeeded(SourcesReport.render(workspace: workspace))
            }),
        WorkbenchCommand(
            name: "explain", aliases: [], arguments: "[analyze] QUERY",
            summary:
                "how a query runs: where its rows come from, each step and the rows expected (analyze: run it, rows and ms per step)",
            maximumArguments: .max, completesKinds: true,
            run: { workspace, invocation throws(Diagnostic) in
                .succeeded(try workspace.explain(invocation))
            }),
        WorkbenchCommand(
            name: "mode", aliases: [], arguments: "[table|line|json|jsonl|csv]",
            summary: "how results are shown (line: one block per row); without an argument, the current mode",
            maximumArguments: 1, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .acknowledged(try workspace.setMode(invocation.arguments.first))
            }),
        WorkbenchCommand(
            name: "set", aliases: [], arguments: "ascii|pager on|off | memory MiB",
            summary:
                "charts in ASCII only (ascii on); long results through $PAGER or less at a terminal (pager on); the memory one statement may take (memory 4096)",
            maximumArguments: 2, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .acknowledged(try workspace.set(invocation))
            }),
        WorkbenchCommand(
            name: "timer", aliases: [], arguments: "on|off",
            summary: "after each statement, its wall time and how many rows it gave",
            maximumArguments: 1, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .acknowledged(try workspace.setTimer(invocation))
            }),
        WorkbenchCommand(
            name: "export", aliases: [], arguments: "FORMAT NAME",
            summary:
                "write the whole graph (as `nodes | export FORMAT \"NAME\"`); formats: csv json jsonl dot navigator stix (svg: after a chart stage)",
            maximumArguments: 2, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                guard invocation.arguments.count == 2 else {
                    throw Diagnostic(
                        code: .commandArguments, message: "`:export` takes FORMAT NAME", span: invocation.nameSpan,
                        hint: ":export stix mirrorface   (formats: " + QueryRunner.exportFormats.joined(separator: ", ")
                            + ")")
                }
                return .acknowledged(
                    try workspace.exportGraph(format: invocation.arguments[0], name: invocation.arguments[1]))
            }),
        WorkbenchCommand(
            name: "last", aliases: [], arguments: "", summary: "the last result again, every row and whole values",
            maximumArguments: 0, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .succeeded(try workspace.showLast(at: invocation.nameSpan))
            }),
        WorkbenchCommand(
            name: "bindings", aliases: [], arguments: "",
            summary: "the names made by let, def fn and def stage in this session",
            maximumArguments: 0, completesKinds: false,
            run: { workspace, _ in
                .succeeded(workspace.describeBindings())
            }),
        WorkbenchCommand(
            name: "save", aliases: [], arguments: "NAME [--all]",
            summary: "save this session's statements and outputs as sessions/NAME.kagami (--all: failures as comments)",
            maximumArguments: 2, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .acknowledged(try workspace.save(invocation))
            }),
        WorkbenchCommand(
            name: "import", aliases: [], arguments: "FILE [as NAME | as KIND id=COLUMN FIELD=COLUMN …]",
            summary:
                "bind a CSV/JSON Lines file's rows to NAME, or add them as KIND nodes; FILE alone: use a graph, its .kgs snapshot or a STIX bundle",
            maximumArguments: .max, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .acknowledged(try workspace.importRows(invocation))
            }),
        WorkbenchCommand(
            name: "load", aliases: [], arguments: "NAME", summary: "run the statements of a saved session here",
            maximumArguments: 1, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .succeeded(try workspace.load(invocation))
            }),
        WorkbenchCommand(
            name: "history", aliases: [], arguments: "[save A-B NAME]",
            summary: "this session's statements, numbered; save a range of them as a session",
            maximumArguments: 3, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .succeeded(try workspace.history(invocation))
            }),
        WorkbenchCommand(
            name: "exercise", aliases: [], arguments: "N", summary: "show exercise N of the course",
            maximumArguments: 1, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                let files = Course.exercises.map(Exercise.files(in:)) ?? []
                guard let argument = invocation.arguments.first, let number = Int(argument.text),
                    let text = Course.exercises.flatMap({ Exercise.text(number, in: $0) })
                else {
                    throw Diagnostic(
                        code: .commandArguments,
                        message: files.isEmpty
                            ? "this installation has no exercises" : "exercises are numbered 1 to \(files.count)",
                        span: invocation.arguments.first?.span ?? invocation.nameSpan,
                        hint: "then write it to a file and answer there: kagami exercise N > mine.kagami")
                }
                // The task lines (#?) are for grading a file; at the prompt they are noise.
                let tasks = text.split(separator: "\n", omittingEmptySubsequences: false).filter {
                    !$0.hasPrefix("#? ")
                }
                return .succeeded(
                    tasks.joined(separator: "\n").trimmingCharacters(in: .newlines)
                        + "\n\nto answer: kagami exercise \(number) > mine.kagami, write under each task, then kagami check mine.kagami"
                )
            }),
        WorkbenchCommand(
            name: "recover", aliases: [], arguments: "",
            summary: "run again the statements of the last session, which ended without :quit",
            maximumArguments: 0, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .succeeded(try workspace.recover(at: invocation.nameSpan))
            }),
        WorkbenchCommand(
            name: "ach", aliases: [], arguments: "[sensitivity | synthetic on|off | svg NAME]",
            summary: "the matrix of competing hypotheses: evidence × hypotheses, scores, what decides (docs/ach.md)",
            maximumArguments: 2, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                try workspace.achCommand(invocation)
            }),
        WorkbenchCommand(
            name: "sessions", aliases: [], arguments: "", summary: "the saved sessions",
            maximumArguments: 0, completesKinds: false,
            run: { workspace, _ in
                .succeeded(workspace.listSessions())
            }),
        WorkbenchCommand(
            name: "plugins", aliases: [], arguments: "[check | config NAME | eval NAME]",
            summary: "the plugins and what each adds; run their self-tests, show settings, run an evaluation",
            maximumArguments: 2, completesKinds: false,
            run: { workspace, invocation throws(Diagnostic) in
                .succeeded(try PluginsReport.run(invocation, in: workspace))
            }),
    ]

    /// Whether a command belongs in the session log (and so in a saved session): not the ones
    /// that look after the session or only show help.
    static func isRecorded(_ invocation: CommandInvocation) -> Bool {
        ![
            "save", "sessions", "recover", "load", "history", "exercise", "help", "h", "?", "quit", "q", "exit",
            "timer",
        ].contains(
            invocation.name)
    }

    /// Every command name and alias: no plugin may register one of them.
    static var reservedNames: Set<String> { Set(all.flatMap { [$0.name] + $0.aliases }) }

    /// The command with this name or alias.
    static func command(named name: String) -> WorkbenchCommand? {
        all.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Runs a command statement, checking its name and number of arguments first.
    static func run(_ invocation: CommandInvocation, in workspace: Workspace) throws(Diagnostic) -> StatementOutcome {
        if command(named: invocation.name) == nil, let registered = workspace.registry.command(named: invocation.name) {
            return .succeeded(
                try PluginOutputText.render(
                    registered.definition, argument: invocation.rest.text.trimmingCharacters(in: .whitespaces),
                    owner: registered.owner, at: invocation.nameSpan, in: workspace))
        }
        guard let command = command(named: invocation.name) else {
            let names = all.flatMap { [$0.name] + $0.aliases } + workspace.registry.commands.map(\.definition.name)
            throw Diagnostic(
                code: .unknownCommand, message: "unknown command `:\(invocation.name)`", span: invocation.nameSpan,
                hint: Spelling.suggestion(for: invocation.name, among: names).map { "did you mean `:\($0)`?" }
                    ?? ":help lists the commands")
        }
        if invocation.arguments.count > command.maximumArguments,
            let extra = invocation.arguments.dropFirst(command.maximumArguments).first
        {
            throw Diagnostic(
                code: .commandArguments,
                message:
                    "`:\(command.name)` takes \(command.maximumArguments == 0 ? "no arguments" : "at most \(command.maximumArguments) argument")",
                span: SourceSpan(start: extra.span.start, end: invocation.arguments.last?.span.end ?? extra.span.end),
                hint: "usage: \(command.usage)")
        }
        return try command.run(workspace, invocation)
    }
}
