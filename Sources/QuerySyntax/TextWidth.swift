/// How many terminal columns text takes: East Asian wide and full-width characters count two,
/// combining marks and zero-width characters none.
///
/// Tables with Japanese subject lines and carets under Japanese source text line up only
/// when widths are counted this way, not by `String.count`.
public enum TextWidth {
    /// Columns taken by a string.
    public static func of(_ text: some StringProtocol) -> Int {
        // ASCII (most of a table) byte by byte: a printable character takes one column, a
        // control character none.
        var printable = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return text.reduce(0) { $0 + of($1) } }
            if byte >= 0x20, byte != 0x7F { printable += 1 }
        }
        return printable
    }

    /// Columns taken by one character (its first scalar decides; emoji presentation counts two).
    public static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1,
            character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation })
        {
            return 2
        }
        return of(scalar)
    }

    /// Columns taken by one scalar.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B { return 0 }
        return isWide(value) || scalar.properties.isEmojiPresentation ? 2 : 1
    }

    /// East Asian Width W or F (Unicode 15 ranges that matter in practice).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
            0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` that fits in `width` columns, with `…` when it was cut.
    public static func truncate(_ text: String, toWidth width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var result = ""
        var used = 0
        for character in text {
            let columns = of(character)
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        return result + "…"
    }

    /// `text`, each of its lines broken between words to fit `width` columns (at least 20)
    /// after `lead`, which starts every line given, later parts of a line also indented by two;
    /// each line whole, after `lead`, without a width (output that is not a terminal).
    public static func fitted(_ text: String, toWidth width: Int?, lead: String = "") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            guard let width else { return [Substring(line)] }
            return wrap(String(line), toWidth: max(width - of(lead), 20), indent: "  ")
                .split(separator: "\n", omittingEmptySubsequences: false)
        }.map { lead + $0 }.joined(separator: "\n")
    }

    /// `text` in lines of at most `width` columns, broken between words (a word wider than
    /// the line is left whole), each line after the first starting with `indent`.
    public static func wrap(_ text: String, toWidth width: Int, indent: String = "") -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? (lines.isEmpty ? "" : indent) + word : line + " " + word
            if !line.isEmpty, of(candidate) > width {
                lines.append(line)
                line = indent + word
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
