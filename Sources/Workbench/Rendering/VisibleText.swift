/// Text from the data made safe to show on a terminal: a control character (an escape
/// sequence that clears the screen, sets the window title or writes the clipboard with
/// OSC 52), a C1 control or a bidirectional override is shown as `\x1B` / `\u{202E}` instead of
/// acting on the terminal, as sqlite3 (3.50 and later) does. A line break shows as `⏎`, so a
/// row stays one line. Data modes (CSV, JSON) write the data as it is, escaped as their formats
/// require.
enum VisibleText {
    static func of(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                result += "⏎"
            } else if needsEscape(scalar) {
                result +=
                    scalar.value < 0x100
                    ? "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
                    : "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0 (newline included), DEL, C1
        case 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional embeddings, overrides, isolates
        default: false
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(width - count, 0)) + self
    }
}
