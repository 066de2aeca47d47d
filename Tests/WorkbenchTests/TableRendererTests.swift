import IncidentGraph
import PluginAPI
import QuerySyntax
import Testing
import Workbench

@Suite("Tables render aligned, with nothing dropped silently")
struct TableRendererTests {
    let subjects = Table(
        columns: ["id", "subject", "score"],
        rows: [
            [.string("lure-1"), .string("【至急】日米同盟に関する勉強会のご案内"), .int(92)],
            [.string("lure-2"), .string("会議室の予約について"), .int(3)],
            [.string("lure-3"), .string("Agenda for Monday"), .null],
        ])

    @Test("control characters in data are shown escaped, never sent to the terminal: OSC 52, screen clears, bidi")
    func terminalEscapes() {
        let hostile = Table(
            columns: ["name\u{1B}[2J"],
            rows: [[.string("\u{1B}]52;c;SGVsbG8=\u{07}x")], [.string("a\u{202E}b\u{9B}c\nd")]])
        let text = TableRenderer(settings: RenderSettings()).render(hostile)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
        #expect(text.contains("\\x1B]52;c;SGVsbG8=\\x07x") && text.contains("name\\x1B[2J"))
        #expect(text.contains("a\\u{202E}b\\x9Bc⏎d"))
    }

    @Test("Japanese text counts two columns per character, so columns line up")
    func japaneseAlignment() {
        let text = TableRenderer(settings: RenderSettings()).render(subjects)
        #expect(
            text == """
                id      subject                                 score
                ──────  ──────────────────────────────────────  ─────
                lure-1  【至急】日米同盟に関する勉強会のご案内  92
                lure-2  会議室の予約について                    3
                lure-3  Agenda for Monday
                3 rows
                """)
    }

    /// Lures as the analyst sees them: long ids, Japanese subjects, long English ones.
    let lures = Table(
        columns: ["id", "subject", "subject_en", "score"],
        rows: [
            [
                .string("lure-us-japan-alliance-study-group"), .string("【至急】日米同盟に関する勉強会のご案内"),
                .string("[Urgent] Invitation to a study group on the Japan-U.S. alliance, with the agenda attached"),
                .int(92),
            ],
            [.string("lure-2"), .string("会議室の予約について"), .string("Booking the meeting room"), .int(3)],
        ])

    @Test("at a wide terminal nothing is cut, however long, and no fixed cap applies")
    func wideTerminal() {
        let text = TableRenderer(settings: RenderSettings(width: 200)).render(lures)
        #expect(!text.contains("…"))
        #expect(text.contains("with the agenda attached"))
        #expect(text.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 200 })
    }

    @Test("at a narrow terminal descriptive text is cut first and ids and numbers never")
    func narrowTerminal() {
        let text = TableRenderer(settings: RenderSettings(width: 60)).render(lures)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { TextWidth.of($0) <= 60 }, "\(text)")
        #expect(lines[2].hasPrefix("lure-us-japan-alliance-study-group  "))
        #expect(lines[2].contains("…"))
        #expect(lines[2].hasSuffix("92"), "\(text)")
        #expect(text.hasSuffix("\nlong values cut to fit, marked …"))
    }

    @Test("in a file or pipe, a cell is capped so that a transcript stays readable")
    func noTerminal() {
        let text = TableRenderer(settings: RenderSettings()).render(lures)
        #expect(text.contains("…"))
        #expect(text.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 48 * 3 + 8 + 10 })
    }

    @Test("rows beyond the limit are counted in the footer")
    func rowLimit() {
        let text = TableRenderer(settings: RenderSettings(maxRows: 2)).render(subjects, noun: ("lure", "lures"))
        #expect(text.hasSuffix("3 lures; first 2 shown, 1 more not shown"))
        #expect(!text.contains("lure-3"))
    }

    @Test("wide columns are narrowed to fit, and what still does not fit is named")
    func columnLimit() {
        let narrowed = TableRenderer(settings: RenderSettings(width: 30)).render(subjects)
        #expect(narrowed.contains("lure-1  【至急】日米同…  92"))
        // A footer wider than the terminal: a remark a line, each broken between words.
        #expect(narrowed.hasSuffix("3 rows\nlong values cut to fit, marked\n  …"))
        let dropped = TableRenderer(settings: RenderSettings(width: 22)).render(subjects)
        #expect(dropped.split(separator: "\n").first == "id      subject")
        #expect(
            dropped.hasSuffix(
                "3 rows\n1 more column not\n  shown (too wide):\n  score\nlong values cut to\n  fit, marked …"))
        #expect(dropped.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 22 })
    }

    @Test("long cells are cut with … and the footer says so")
    func cellLimit() {
        let text = TableRenderer(settings: RenderSettings(maxCellWidth: 12)).render(subjects)
        #expect(text.contains("【至急】日… "))
        #expect(text.hasSuffix("3 rows; long values cut to fit, marked …"))
    }
}
