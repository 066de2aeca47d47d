import CLibEdit
import Glibc

/// Line editing at a terminal with libedit: emacs keys, history kept across runs, Tab
/// completion, a continuation prompt, and Ctrl-C that abandons the line without exiting.
///
/// libedit's callbacks carry no context pointer of their own; the reader stores itself as the
/// editor's client data and recovers itself with `Unmanaged` in non-capturing C callbacks.
/// Must be used from one thread (the main thread), never from Swift concurrency.
public final class LibEditLineReader: LineReader {
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: HistoryFile?
    private let completionSource: CompletionSource?
    private var promptBuffer: UnsafeMutablePointer<CChar>
    private var interrupted = false
    /// Warnings met while opening (history set aside); the caller prints them.
    public private(set) var warnings: [String] = []

    /// Opens libedit on the terminal; `nil` if libedit cannot start.
    public init?(historyFile: HistoryFile?, completionSource: CompletionSource?) {
        let decodesUTF8 = CharacterLocale.adoptUTF8()
        guard let editor = kagami_el_init("kagami") else { return nil }
        guard let history = history_init() else {
            el_end(editor)
            return nil
        }
        self.editor = editor
        self.history = history
        self.historyFile = historyFile
        self.completionSource = completionSource
        promptBuffer = strdup("") ?? UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        configure()
        if !decodesUTF8 {
            warnings.append(
                "warning: no UTF-8 locale is installed; characters beyond ASCII cannot be typed at the prompt")
        }
        loadHistory()
    }

    deinit {
        history_end(history)
        el_end(editor)
        free(promptBuffer)
    }

    /// Always: a person is typing at the terminal.
    public var isInteractive: Bool { true }

    /// Edits one line with libedit after showing `prompt`.
    public func readLine(prompt: String) -> LineInput {
        free(promptBuffer)
        promptBuffer = strdup(prompt) ?? UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        interrupted = false
        var count: Int32 = 0
        guard let raw = el_gets(editor, &count) else {
            if interrupted { return .interrupted }
            return .endOfInput
        }
        if interrupted { return .interrupted }
        var line = String(cString: raw)
        while line.last == "\n" || line.last == "\r" { line.removeLast() }
        return .line(line)
    }

    /// Adds the statement as one entry and saves the history file at once, atomically.
    public func addToHistory(_ statement: String) {
        var entry = statement
        while entry.last?.isWhitespace == true { entry.removeLast() }
        guard !entry.isEmpty else { return }
        kagami_history_enter(history, entry)
        saveHistory(adding: entry)
    }

    // MARK: Set-up

    private func configure() {
        kagami_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        kagami_el_set_editor(editor, "emacs")
        kagami_el_set_signal(editor, 1)
        kagami_el_edit_mode_without_isig(editor)
        kagami_el_set_prompt(editor) { editor in
            guard let editor, let reader = LibEditLineReader.reader(of: editor) else { return nil }
            return reader.promptBuffer
        }
        kagami_el_addfn(editor, "kagami-interrupt", "abandon the line (Ctrl-C)") { editor, _ in
            guard let editor, let reader = LibEditLineReader.reader(of: editor) else { return UInt8(CC_ERROR) }
            reader.interrupted = true
            fputs("^C", kagami_stdout())
            return UInt8(CC_NEWLINE)
        }
        kagami_el_bind(editor, "^C", "kagami-interrupt")
        kagami_el_addfn(editor, "kagami-complete", "complete the word (Tab)") { editor, _ in
            guard let editor, let reader = LibEditLineReader.reader(of: editor) else { return UInt8(CC_ERROR) }
            return reader.complete()
        }
        kagami_el_bind(editor, "^I", "kagami-complete")
        kagami_history_set_size(history, Self.historySize)
        kagami_history_set_unique(history, 1)
        kagami_el_set_history(editor, history)
    }

    private static func reader(of editor: OpaquePointer) -> LibEditLineReader? {
        guard let data = kagami_el_get_clientdata(editor) else { return nil }
        return Unmanaged<LibEditLineReader>.fromOpaque(data).takeUnretainedValue()
    }

    // MARK: Completion

    /// Completes the word before the cursor: one candidate is inserted with a space, several
    /// insert their common prefix or, when there is none to add, are listed.
    private func complete() -> UInt8 {
        guard let completionSource, let info = el_line(editor)?.pointee else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: max(0, length))
        let before = String(decoding: bytes, as: UTF8.self)
        // Inside an open string the word is the string so far, spaces and all.
        let insideString = before.filter { $0 == "\"" }.count % 2 == 1
        let wordStart =
            insideString
            ? before.lastIndex(of: "\"") ?? before.startIndex
            : before.lastIndex(where: { $0 == " " || $0 == "\t" || $0 == "|" || $0 == "(" }).map(before.index(after:))
                ?? before.startIndex
        let word = String(before[wordStart...])
        let candidates = completionSource.completions(of: word, after: String(before[..<wordStart]))
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if candidates.count == 1 {
            el_insertstr(editor, String(candidates[0].dropFirst(word.count)) + " ")
            return UInt8(CC_REFRESH)
        }
        let common = Self.commonPrefix(candidates)
        if common.count > word.count {
            el_insertstr(editor, String(common.dropFirst(word.count)))
            return UInt8(CC_REFRESH)
        }
        let shown = candidates.prefix(60)
        var listing = "\n" + shown.joined(separator: "  ")
        if candidates.count > shown.count { listing += "  … \(candidates.count) in all" }
        fputs(listing + "\n", kagami_stdout())
        return UInt8(CC_REDISPLAY)
    }

    private static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    // MARK: History file

    /// Entries kept in the history file.
    static let historySize: Int32 = 1000

    private func loadHistory() {
        guard let historyFile else { return }
        if let warning = historyFile.prepareFolder() {
            warnings.append(warning)
            return
        }
        switch historyFile.state {
        case .missing: return
        case .unusable(let warning):
            warnings.append(warning)
            return
        case .regular: break
        }
        if kagami_history_load(history, historyFile.path) < 0 {
            warnings.append(historyFile.setAside())
        }
    }

    /// Appends the newest entry to the file as it is on disk now (another Kagami may have
    /// added to it since this one started): the file is read, the entry added, the result
    /// written to a temporary file, checked to hold every entry, flushed, and only then renamed
    /// over the old file. A full disk leaves the old history as it was.
    private func saveHistory(adding entry: String) {
        guard let historyFile else { return }
        if case .unusable = historyFile.state { return }
        guard let merged = history_init() else { return }
        defer { history_end(merged) }
        kagami_history_set_size(merged, Self.historySize)
        kagami_history_set_unique(merged, 1)
        if access(historyFile.path, F_OK) == 0 { _ = kagami_history_load(merged, historyFile.path) }
        kagami_history_enter(merged, entry)
        let temporary = historyFile.temporaryPath
        let saved = kagami_history_save(merged, temporary)
        guard saved >= 0, HistoryFile.holds(temporary, entries: Int(kagami_history_count(merged))) else {
            unlink(temporary)
            return
        }
        rename(temporary, historyFile.path)
    }
}
