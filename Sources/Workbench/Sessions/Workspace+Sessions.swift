import Foundation
import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax

/// `:save`, `:sessions`, and what a saved session records about where it was made.
extension Workspace {
    /// `:save NAME [--all]`: the session's successful statements (all of them as comments too
    /// with `--all`), each with its output as a replay gives it, written atomically.
    func save(_ invocation: CommandInvocation) throws(Diagnostic) -> String {
        let arguments = invocation.arguments
        guard let name = arguments.first(where: { $0.text != "--all" }) else {
            throw Diagnostic(
                code: .commandArguments, message: "`:save` needs a session name", span: invocation.nameSpan,
                hint: ":save my-analysis   (writes \(sessions.folder.path)/my-analysis.kagami)")
        }
        let keepFailures = arguments.contains { $0.text == "--all" }
        if let extra = arguments.filter({ $0.text != "--all" }).dropFirst().first {
            throw Diagnostic(
                code: .commandArguments, message: "`:save` takes one name (and --all), found also `\(extra.text)`",
                span: extra.span, hint: "session names have no spaces: :save my-analysis")
        }
        return try write(log, named: name, keepFailures: keepFailures, at: invocation.nameSpan)
    }

    /// Writes the successful statements of `entries` as the session `name`, with their outputs
    /// as a replay from the session's start gives them (no terminal width, no colour), so the
    /// file checks the same on any machine.
    private func write(
        _ entries: [(statement: String, succeeded: Bool)], named name: (text: String, span: SourceSpan),
        keepFailures: Bool, at span: SourceSpan
    ) throws(Diagnostic) -> String {
        let path = try sessions.path(for: name.text, at: name.span)
        var statements: [String] = []
        var header = sessionHeader()
        for entry in entries {
            if entry.succeeded {
                statements.append(entry.statement)
            } else if keepFailures {
                header.append("# failed (left out): " + entry.statement.replacingOccurrences(of: "\n", with: " "))
            }
        }
        guard !statements.isEmpty else {
            throw Diagnostic(code: .emptySession, message: "nothing to save: no statement has succeeded", span: span)
        }
        let replay = replayWorkspace()
        var outputs: [(String, String)] = []
        for statement in statements {
            let outcome = replay.execute(statement)
            guard !cancellation.isCancelled else {
                throw Diagnostic(
                    QueryDiagnostic.cancelled, message: "cancelled (Ctrl-C); nothing was saved", span: span)
            }
            if let error = outcome.error {
                throw Diagnostic(
                    code: .replay,
                    message: "`\(TextWidth.truncate(statement, toWidth: 40))` does not run from the session's start: "
                        + (error.split(separator: "\n").first.map(String.init) ?? error),
                    span: span, hint: "include the statements it depends on (its let and def)")
            }
            outputs.append((statement, outcome.transcript))
        }
        try sessions.write(SessionFile(header: header, statements: outputs), to: path, at: name.span)
        return "saved \(statements.count) statement\(statements.count == 1 ? "" : "s") to \(path)"
    }

    /// `:history` lists this session's statements, numbered; `:history save A-B NAME` saves
    /// the successful ones among statements A to B as a session of their own.
    func history(_ invocation: CommandInvocation) throws(Diagnostic) -> String {
        let arguments = invocation.arguments
        guard let action = arguments.first else {
            guard !log.isEmpty else { return "no statements yet" }
            return log.enumerated().map { index, entry in
                let number = String(index + 1).padding(toLength: 4, withPad: " ", startingAt: 0)
                return number + (entry.succeeded ? "  " : "✗ ")
                    + entry.statement.replacingOccurrences(of: "\n", with: " ")
            }.joined(separator: "\n")
        }
        guard action.text == "save", arguments.count == 3 else {
            throw Diagnostic(
                code: .commandArguments, message: "`:history` takes nothing, or `save A-B NAME`", span: action.span,
                hint: ":history save 3-7 clean-version")
        }
        let bounds = arguments[1].text.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1], bounds[1] <= log.count else {
            throw Diagnostic(
                code: .commandArguments,
                message: "`\(arguments[1].text)` is not a range of statements 1-\(log.count)",
                span: arguments[1].span, hint: ":history lists them with their numbers")
        }
        // The range is replayed from the session's start, so it must stand on its own.
        return try write(
            Array(log[(bounds[0] - 1)...(bounds[1] - 1)]), named: arguments[2], keepFailures: false,
            at: arguments[1].span)
    }

    /// How deep `:load`s may nest.
    static let deepestLoad = 8

    /// `:load NAME`: runs the statements of a saved session here (its outputs are ignored), reading
    /// files only where a replayed file may (``replayReads``).
    func load(_ invocation: CommandInvocation) throws(Diagnostic) -> String {
        guard let name = invocation.arguments.first else {
            throw Diagnostic(
                code: .commandArguments, message: "`:load` needs a session name", span: invocation.nameSpan,
                hint: ":sessions lists them")
        }
        let path = try reads.permit(try sessions.path(for: name.text, at: name.span), at: name.span)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Diagnostic(
                code: .missingSession, message: "there is no session \(path)", span: name.span,
                hint: ":sessions lists the saved ones")
        }
        let real = RealPath.resolve(path) ?? path
        guard !sessionsLoading.contains(real), sessionsLoading.count < Self.deepestLoad else {
            throw Diagnostic(
                code: .loadLoop,
                message: sessionsLoading.contains(real)
                    ? "\(path) is already being loaded: sessions that load each other would never end"
                    : "sessions are loaded more than \(Self.deepestLoad) deep", span: name.span,
                hint: "take the `:load` out of the session")
        }
        sessionsLoading.append(real)
        let typed = reads
        reads = replayReads
        defer {
            reads = typed
            sessionsLoading.removeLast()
        }
        let statements = SessionFile(parsing: text).entries.map(\.statement)
        let failed = statements.filter { !execute($0).succeeded }.count
        return "ran \(statements.count) statement\(statements.count == 1 ? "" : "s") of \(path)"
            + (failed > 0 ? "; \(failed) failed (:history shows which)" : "")
    }

    /// `:recover`: runs again the statements of a session that ended without `:quit`.
    func recover(at span: SourceSpan) throws(Diagnostic) -> String {
        guard let journal, let text = try? String(contentsOfFile: journal.recoverablePath, encoding: .utf8) else {
            throw Diagnostic(
                code: .nothingToRecover, message: "there is no unsaved session to recover", span: span,
                hint: "a session that ends without :quit (a crash, a kill) can be recovered at the next start")
        }
        let statements = SessionFile(parsing: text).entries.map(\.statement)
        let typed = reads
        reads = replayReads
        defer { reads = typed }
        var failed = 0
        for statement in statements where !execute(statement).succeeded { failed += 1 }
        try? FileManager.default.removeItem(atPath: journal.recoverablePath)
        let summary = "recovered \(statements.count - failed) statement\(statements.count - failed == 1 ? "" : "s")"
        return summary + (failed > 0 ? " (\(failed) failed again)" : "") + "; :save NAME keeps them"
    }

    /// `:sessions`: the saved sessions.
    func listSessions() -> String {
        let found = sessions.list()
        guard !found.isEmpty else { return "no saved sessions in \(sessions.folder.path)/ yet: :save NAME makes one" }
        let table = Table(
            columns: ["session", "statements", "created"],
            rows: found.map { [.string($0.name), .int($0.statements), .string($0.created)] })
        return renderer.render(table, noun: ("session", "sessions"))
    }

    /// A fresh workspace on the same data and plugins, in the state this session started from,
    /// laying results out as files do (no terminal width, no colour), reading where a replayed
    /// file may and writing nothing (its `:save` and `export` statements are checked, not made).
    public func replayWorkspace() -> Workspace {
        let fresh = Workspace(document: document, registry: registry)
        fresh.restore(startState)
        fresh.sessions = sessions.writingNothing
        fresh.exports = exports.writingNothing
        fresh.reads = replayReads
        fresh.replayReads = replayReads
        fresh.cancellation = cancellation
        return fresh
    }

    /// The header lines of a saved session.
    func sessionHeader() -> [String] {
        let plugins = registry.plugins.filter { $0.state == .loaded }.map { "\($0.name) \($0.version)" }
        return [
            "# Kagami session (format \(SessionFile.formatVersion)); replay: kagami run FILE, verify: kagami check FILE",
            "# created: " + ISO8601DateFormatter().string(from: Date()),
            "# kagami: \(KagamiVersion.current)",
            "# data: \(dataLine)",
            "# plugins: " + (plugins.isEmpty ? "none" : plugins.joined(separator: ", ")),
            "# time zone: UTC (instants are shown in UTC unless a statement names a zone)",
        ]
    }

    /// The fingerprint of the loaded data, as a session header records it.
    public var dataFingerprint: String { DataFingerprint.of(document.graph) }

    /// The data's name and fingerprint, as a session's `# data:` line gives them.
    public var dataLine: String { "\(document.name.isEmpty ? "graph" : document.name) \(dataFingerprint)" }
}
