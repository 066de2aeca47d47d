import Foundation
import IncidentGraph
import PluginAPI
import QuerySyntax

/// `:save`, `:sessions`, and what a saved session records about where it was made.
extension Workspace {
    /// `:save NAME [--all]`: the session's successful statements (all of them as comments too
    /// with `--all`), each with its output as a replay gives it, written atomically.
    func save(_ invocation: CommandInvocation) throws(Diagnostic) -> String {
        let arguments = invocation.arguments
        guard let name = arguments.first(where: { $0.text != "--all" }) else {
            throw Diagnostic(
                code: "command.arguments", message: "`:save` needs a session name", span: invocation.nameSpan,
                hint: ":save my-analysis   (writes \(sessions.folder)/my-analysis.kagami)")
        }
        let keepFailures = arguments.contains { $0.text == "--all" }
        if let extra = arguments.filter({ $0.text != "--all" }).dropFirst().first {
            throw Diagnostic(
                code: "command.arguments", message: "`:save` takes one name (and --all), found also `\(extra.text)`",
                span: extra.span, hint: "session names have no spaces: :save my-analysis")
        }
        let path = try sessions.path(for: name.text, at: name.span)
        var statements: [String] = []
        var header = sessionHeader()
        for entry in log {
            if entry.succeeded {
                statements.append(entry.statement)
            } else if keepFailures {
                header.append("# failed (left out): " + entry.statement.replacingOccurrences(of: "\n", with: " "))
            }
        }
        guard !statements.isEmpty else {
            throw Diagnostic(
                code: "session.empty", message: "nothing to save: no statement has succeeded yet",
                span: invocation.nameSpan)
        }
        // Outputs are recorded as a replay produces them (no terminal width, no colour), so the
        // file checks the same on any machine.
        let replay = replayWorkspace()
        let outputs = statements.map { statement in
            let outcome = replay.execute(statement)
            return (statement, outcome.error ?? outcome.output)
        }
        try sessions.write(SessionFile(header: header, statements: outputs), to: path, at: name.span)
        return "saved \(statements.count) statement\(statements.count == 1 ? "" : "s") to \(path)"
    }

    /// `:recover`: runs again the statements of a session that ended without `:quit`.
    func recover(at span: SourceSpan) throws(Diagnostic) -> String {
        guard let journal, let text = try? String(contentsOfFile: journal.recoverablePath, encoding: .utf8) else {
            throw Diagnostic(
                code: "session.recover", message: "there is no unsaved session to recover", span: span,
                hint: "a session that ends without :quit (a crash, a kill) can be recovered at the next start")
        }
        let statements = SessionFile(parsing: text).entries.map(\.statement)
        var failed = 0
        for statement in statements where !execute(statement).succeeded { failed += 1 }
        try? FileManager.default.removeItem(atPath: journal.recoverablePath)
        let summary = "recovered \(statements.count - failed) statement\(statements.count - failed == 1 ? "" : "s")"
        return summary + (failed > 0 ? " (\(failed) failed again)" : "") + "; :save NAME keeps them"
    }

    /// `:sessions`: the saved sessions.
    func listSessions() -> String {
        let found = sessions.list()
        guard !found.isEmpty else { return "no saved sessions in \(sessions.folder)/ yet: :save NAME makes one" }
        let table = Table(
            columns: ["session", "statements", "created"],
            rows: found.map { [.string($0.name), .int($0.statements), .string($0.created)] })
        return renderer.render(table, noun: ("session", "sessions"))
    }

    /// A fresh workspace on the same data and plugins, in the state this session started from,
    /// laying results out as files do (no terminal width, no colour).
    public func replayWorkspace() -> Workspace {
        let fresh = Workspace(document: document, registry: registry)
        fresh.restore(startState)
        return fresh
    }

    /// The header lines of a saved session.
    func sessionHeader() -> [String] {
        let plugins = registry.plugins.filter { $0.state == .loaded }.map { "\($0.name) \($0.version)" }
        return [
            "# Kagami session (format \(SessionFile.formatVersion)); replay: kagami run FILE, verify: kagami check FILE",
            "# created: " + ISO8601DateFormatter().string(from: Date()),
            "# kagami: \(KagamiVersion.current)",
            "# data: \(document.name.isEmpty ? "graph" : document.name) \(dataFingerprint)",
            "# plugins: " + (plugins.isEmpty ? "none" : plugins.joined(separator: ", ")),
            "# time zone: UTC (instants are shown in UTC unless a statement names a zone)",
        ]
    }

    /// The fingerprint of the loaded data, as a session header records it.
    public var dataFingerprint: String { DataFingerprint.of(document.graph) }
}
