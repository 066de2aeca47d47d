import Glibc

/// The C library's character-type locale, which libedit uses to decode keystrokes.
///
/// A program starts in the "C" locale, where libedit reads bytes, not characters, and drops
/// every byte above 127: Japanese typed at the prompt would reach the statement as nothing.
/// Kagami writes and reads UTF-8 everywhere, so the line editor needs a UTF-8 locale whatever
/// the environment names.
enum CharacterLocale {
    /// Adopts the environment's locale for character types if it is UTF-8, else the first
    /// UTF-8 locale installed; `false` when there is none (non-ASCII input cannot be edited).
    static func adoptUTF8() -> Bool {
        if setlocale(LC_CTYPE, "") != nil, isUTF8 { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            if isUTF8 { return true }
        }
        return false
    }

    /// Whether the current character-type locale decodes UTF-8.
    private static var isUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        return String(cString: codeset).uppercased().filter { $0 != "-" } == "UTF8"
    }
}
