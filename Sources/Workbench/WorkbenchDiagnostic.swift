import QuerySyntax

/// The problems the workbench reports: commands, sessions, files, exercises and competing
/// hypotheses.
///
/// Each case's raw value is its stable code; `:help errors` lists them with their notes.
public enum WorkbenchDiagnostic: String, DiagnosticCatalogue {
    /// A `:command` the workbench does not have.
    case unknownCommand = "command.unknown"
    /// A command given arguments it does not take.
    case commandArguments = "command.arguments"
    /// A file that `:import` cannot bring in.
    case importFile = "command.import"
    /// An `:export` of an unknown format.
    case exportCommand = "command.export"
    /// `:last` before any result.
    case noLastResult = "command.last"
    /// An output mode the workbench does not have.
    case unknownMode = "command.mode"
    /// No plugin of this name.
    case unknownPlugin = "command.plugin"
    /// A setting `:set` does not know, or a value it cannot take.
    case setting = "command.set"
    /// `:timer` given something other than `on` or `off`.
    case timer = "command.timer"
    /// No help topic of this name.
    case noHelp = "help.unknown"
    /// `:schema` asked for a kind the graph does not have.
    case schemaKind = "schema.unknown-kind"
    /// `:explain` without a query.
    case explainNeedsQuery = "syntax.explain"
    /// A file name that would leave its folder.
    case fileName = "file.name"
    /// A replayed script reading a file outside the working folders.
    case readConfined = "file.read-confined"
    /// A file that could not be written.
    case write = "file.write"
    /// Nothing to save yet.
    case emptySession = "session.empty"
    /// No saved session of this name.
    case missingSession = "session.missing"
    /// No unsaved session to recover.
    case nothingToRecover = "session.recover"
    /// A saved statement that no longer runs from the session's start.
    case replay = "session.replay"
    /// Sessions that load each other.
    case loadLoop = "session.load-loop"
    /// `why` asked about a column the last result does not have.
    case whyColumn = "why.column"
    /// `why` with nothing to explain yet.
    case whyNothing = "why.nothing"
    /// A hypothesis that is not in double quotes.
    case hypothesis = "ach.hypothesis"
    /// Evidence that is not a query or a reported fact.
    case evidence = "ach.evidence"
    /// A rating of evidence against a hypothesis that cannot be read.
    case rating = "ach.rate"

    /// What the problem is, and why it usually happens and how to fix it.
    public var explanation: (summary: String, note: String) {
        switch self {
        case .unknownCommand:
            ("a `:command` the workbench does not have", "`:help` lists the commands.")
        case .commandArguments:
            ("a command given arguments it does not take", "`:help :COMMAND` shows the command's form.")
        case .importFile:
            (
                "a file that `:import` cannot bring in",
                "`:import FILE as NAME id=COLUMN …` reads CSV or JSON rows; nothing is imported unless every row is read."
            )
        case .exportCommand:
            (
                "an `:export` of an unknown format",
                "`:export FORMAT NAME` writes the graph; `:help :export` lists the formats."
            )
        case .noLastResult:
            ("`:last` before any result", "Run a query first; `:last` shows the last result again.")
        case .unknownMode:
            ("an output mode the workbench does not have", "`:help :mode` shows the output modes.")
        case .unknownPlugin:
            ("no plugin of this name", "`:plugins` lists the plugins that are loaded.")
        case .setting:
            (
                "a setting `:set` does not know, or a value it cannot take",
                "`:set` knows `ascii on|off`, `pager on|off` and `memory MiB`."
            )
        case .timer:
            ("`:timer` given something other than `on` or `off`", "`:timer on` shows how long each statement took.")
        case .noHelp:
            (
                "no help topic of this name",
                "`:help` lists the topics; `:help errors` lists the error codes, `:help CODE` explains one."
            )
        case .schemaKind:
            ("`:schema` asked for a kind the graph does not have", "`:schema` alone lists the kinds.")
        case .explainNeedsQuery:
            ("`:explain` without a query", "Write the query after it: `:explain incidents | where … | count`.")
        case .fileName:
            (
                "a file name that would leave its folder",
                "Sessions and exports are written inside their folders: names of letters, digits, `-`, `_`, `.` and `/` between folder names, no `..` and no leading `/`; `kagami --allow-writes` lifts this."
            )
        case .readConfined:
            (
                "a replayed script reading a file outside the working folders",
                "A replayed script reads files only inside the working folders, so that a script from elsewhere cannot read your files; `kagami --allow-reads` lets it read anywhere."
            )
        case .write:
            ("a file that could not be written", "The message gives the system's reason; nothing else was changed.")
        case .emptySession:
            ("nothing to save yet", "A session keeps the statements that succeeded; run one first.")
        case .missingSession:
            ("no saved session of this name", "`:sessions` lists the saved sessions.")
        case .nothingToRecover:
            (
                "no unsaved session to recover",
                "`:recover` brings back the statements of a session that ended without saving; there is none."
            )
        case .replay:
            (
                "a saved statement that no longer runs from the session's start",
                "The statement depended on something the replay did not rebuild; the message says what."
            )
        case .loadLoop:
            (
                "sessions that load each other",
                "A session that `:load`s itself, directly or through others, would never end; take the `:load` out."
            )
        case .whyColumn:
            (
                "`why` asked about a column the last result does not have",
                "`why COLUMN` explains a column of the last result; the hint lists its columns."
            )
        case .whyNothing:
            (
                "`why` with nothing to explain yet",
                "Run a query first, then `why COLUMN`; or ask about a node: `why @jaxa`."
            )
        case .hypothesis:
            (
                "a hypothesis that is not in double quotes",
                "State a hypothesis as `hypothesis H1 \"MirrorFace is operated from China\"`."
            )
        case .evidence:
            (
                "evidence that is not a query or a reported fact",
                "Evidence is `evidence E1 = QUERY` or `evidence E2 = why @id`; its query must run."
            )
        case .rating:
            (
                "a rating of evidence against a hypothesis that cannot be read",
                "`rate E1 H1 consistent|inconsistent|n/a [credibility low|medium|high] [relevance low|medium|high]`, for evidence and a hypothesis stated before."
            )
        }
    }
}

extension Diagnostic {
    /// A diagnostic of one of this module's codes.
    init(code: WorkbenchDiagnostic, message: String, span: SourceSpan?, hint: String? = nil) {
        self.init(code, message: message, span: span, hint: hint)
    }
}
