import ArgumentParser
import Foundation
import IncidentGraph
import Interchange
import PluginAPI
import Workbench

/// `kagami`: the REPL, one-off statements (`-c`) and non-interactive runs of a script.
@main
struct Kagami: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kagami",
        abstract: "A scriptable workbench for exploring cyber-espionage campaign data.",
        usage: """
            kagami [--data <file>] [--no-plugins | --plugin <name> ...] [-c <statement> ...]
            kagami run [--data <file>] [--no-plugins | --plugin <name> ...] [--keep-going] [--interactive] <file> ...
            kagami check [--accept] <file> ...
            kagami tutorial
            kagami exercise [<n>] [--folder <folder>] | kagami exercise --new <solved> --out <file>
            kagami grade <submissions> --exercise <n> [--report <file.csv|file.json>]
            kagami snapshot <graph-file> <snapshot.kgs>
            """,
        discussion: """
            Starts the REPL on the bundled MirrorFace data set. When standard input is not a terminal, reads statements from it without prompts.

            --data <file> loads another graph (.json or .jsonl); -c <statement> runs a statement and exits (repeat it to run several in order).

            Exit codes: 0 ok, 1 a statement failed or the data could not be loaded, 2 usage error, 3 a checked output differs.
            """,
        version: KagamiVersion.current,
        subcommands: [
            Start.self, Run.self, Check.self, TutorialCommand.self, ExerciseCommand.self, GradeCommand.self,
            Generate.self,
            SnapshotCommand.self,
        ],
        defaultSubcommand: Start.self)

    /// Parses the command line and runs it; usage errors exit with 2, as documented.
    static func main() {
        HeapSettings.reuseLargeBlocks()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                Output.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every way of running Kagami shares.
struct DataOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Load this graph file (.json or .jsonl) instead of the bundled data.", valueName: "file"))
    var data: String?

    @Flag(name: .long, help: "Start without analysis plugins or user plugin files.")
    var noPlugins = false

    @Flag(name: .long, help: "Read --data from its source, without the cached snapshot (and make none).")
    var noCache = false

    @Option(
        name: .customLong("sessions-dir"),
        help: ArgumentHelp("Where :save writes and :sessions looks (default: sessions).", valueName: "folder"))
    var sessionsFolder = "sessions"

    @Option(
        name: .customLong("exports-dir"),
        help: ArgumentHelp("Where export writes (default: exports).", valueName: "folder"))
    var exportsFolder = "exports"

    @Flag(help: "Let :save and export (in a replayed file, too) write outside their folders.")
    var allowWrites = false

    @Flag(help: "Let replayed files (run, check, :load) read files outside the working folders.")
    var allowReads = false

    @Option(
        help: ArgumentHelp(
            "How results are shown, as :mode does: table, line, json, jsonl or csv.", valueName: "format"))
    var format: String?

    @Option(
        name: .customLong("plugin"),
        help: ArgumentHelp("Load only this plugin; repeat to load several.", valueName: "name"))
    var plugins: [String] = []

    func validate() throws {
        if let format, ResultFormat(rawValue: format) == nil {
            throw ValidationError(
                "unknown format `\(format)`; formats: " + ResultFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if noPlugins, !plugins.isEmpty { throw ValidationError("--no-plugins and --plugin cannot be used together") }
        let known = BundledPlugins.all.map(\.name)
        if let unknown = plugins.first(where: { !known.contains($0) }) {
            throw ValidationError("no plugin named `\(unknown)`; plugins: \(known.joined(separator: ", "))")
        }
    }

    /// The bundled data, a snapshot (`.kgs`), a Kagami graph file (through its cached
    /// snapshot unless `cached` is false), or a STIX 2.1 bundle (read with the bundled schema;
    /// what it could not keep is reported).
    static func load(_ path: String?, cached: Bool) throws(GraphError) -> GraphDocument {
        guard let path else { return try BundledData.mirrorFace() }
        // The bundled schema is read only for a STIX bundle, which is read into it.
        let opened = try open(
            path, base: { () throws(GraphError) in try BundledData.mirrorFace().graph.schema }, cached: cached)
        if let report = opened.report { Output.error(report.summary) }
        return opened.document
    }

    /// A data file opened as ``DataFile/open(_:base:cache:progress:note:)`` opens it, with a
    /// progress line on a terminal while it is read, through the snapshot cache unless `cached`
    /// is false, stopped by Ctrl-C when `cancellation` says so; the snapshot being written for
    /// next time is waited for as the process ends.
    static func open(
        _ path: String, base: () throws(GraphError) -> Schema, cached: Bool, cancellation: CancellationCheck = .never
    ) throws(GraphError) -> DataFile.Opened {
        let progress = LoadProgress(name: path)
        defer { progress.finish() }
        let cache = cached ? SnapshotCache(environment: ProcessInfo.processInfo.environment) : nil
        let opened = try DataFile.open(
            path, base: base, cache: cache, progress: cancellation.progress(telling: progress),
            note: {
                progress.finish()
                Output.error("note: " + $0)
            })
        if let write = opened.snapshotWrite { SnapshotForNextTime.keep(write, of: path) }
        return opened
    }

    /// Where replayed statements may read: the working folders (where Kagami started, the
    /// sessions and exports folders, the data file's folder, the replayed `files`' folders),
    /// or anywhere with `--allow-reads`.
    func replayReads(besides files: [String]) -> ReadableFolders {
        guard !allowReads else { return .anywhere }
        let folders = ([data].compactMap { $0 } + files).map { ($0 as NSString).deletingLastPathComponent }
        let working = [FileManager.default.currentDirectoryPath, sessionsFolder, exportsFolder]
        return .within(working + folders.map { $0.isEmpty ? "." : $0 })
    }

    /// A workspace over the chosen data with the chosen plugins; a load error is printed and
    /// ends the program with 1. Plugins that could not load are reported and left out.
    func openWorkspace() throws -> Workspace {
        let document: GraphDocument
        do {
            document = try Self.load(data, cached: !noCache)
        } catch {
            Output.error(error.description)
            throw ExitCode(1)
        }
        let loader = PluginLoader(environment: ProcessInfo.processInfo.environment)
        let selection: PluginSelection = noPlugins ? .none : plugins.isEmpty ? .all : .only(plugins)
        let workspace = Workspace(
            document: document, registry: loader.registry(BundledPlugins.all, selection: selection))
        workspace.snapshotWrite = SnapshotForNextTime.write
        workspace.readingProgress = { LoadProgress(name: $0) }
        workspace.dataFileOpener = { [noCache] path, base, cancellation throws(GraphError) in
            try Self.open(path, base: { base }, cached: !noCache, cancellation: cancellation)
        }
        if !noPlugins {
            workspace.loadUserPlugins(loader.userPluginFiles(projectFolder: FileManager.default.currentDirectoryPath))
        }
        PluginLoader.startupNotes(workspace.registry, userPlugins: workspace.userPlugins).forEach(Output.error)
        workspace.sessions = SessionStore(folder: sessionsFolder, confined: !allowWrites)
        workspace.exports = ConfinedFolder(exportsFolder, confined: !allowWrites)
        workspace.replayReads = replayReads(besides: [])
        // Temporary files of a write that a killed process left behind.
        for folder in [sessionsFolder, exportsFolder] {
            AtomicFileWriter.abandonedFiles(in: folder).forEach { unlink($0) }
        }
        // NO_COLOR asks for plain output: charts are drawn with ASCII instead of block characters.
        if let format = format.flatMap(ResultFormat.init(rawValue:)) { workspace.settings.format = format }
        workspace.settings.ascii = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return workspace
    }
}

/// Start the REPL, or run `-c` statements.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start the REPL (the default).")

    @OptionGroup var dataOptions: DataOptions

    @Option(
        name: .customShort("c"),
        help: ArgumentHelp("Run a statement and exit; repeat to run several in order.", valueName: "statement"))
    var statements: [String] = []

    func run() throws {
        let workspace = try dataOptions.openWorkspace()
        let failed: Bool
        if !statements.isEmpty {
            // The runner stops at the first failure, which it has reported, with exit code 1.
            failed =
                (try? StatementRunner(workspace: workspace, keepGoing: false).run(
                    statements.map { Script.Statement(text: $0, line: nil) }, origin: "-c")) == nil
        } else {
            failed = Interactive.run(workspace) > 0 && !Interactive.isTerminal
        }
        // The process ends here rather than freeing a large graph piece by piece on the way
        // out (0.15 s for 10^6 incidents); every output has been written unbuffered.
        Foundation.exit(failed ? 1 : 0)
    }
}

/// Run the statements of files without prompts, stopping at the first that fails.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the statements of .kagami files, stopping at the first failure (exit 1).")

    @OptionGroup var dataOptions: DataOptions

    @Flag(help: "Run every statement even after a failure; exit 1 at the end if any failed.")
    var keepGoing = false

    @Flag(help: "Start the REPL afterwards, with the bindings and definitions the files made.")
    var interactive = false

    @Argument(help: ArgumentHelp("The files of statements.", valueName: "file"))
    var files: [String]

    func run() throws {
        let workspace = try dataOptions.openWorkspace()
        workspace.reads = dataOptions.replayReads(besides: files)
        let runner = StatementRunner(workspace: workspace, keepGoing: keepGoing)
        var failures = 0
        for file in files {
            let text = try Output.text(of: file)
            failures += try runner.run(Script.statements(in: text), origin: file)
        }
        // At the prompt afterwards, the analyst types: reads are theirs again.
        workspace.reads = .anywhere
        if interactive { failures += Interactive.run(workspace) }
        if failures > 0 { throw ExitCode(1) }
    }
}
