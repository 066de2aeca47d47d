import IncidentGraph
import PluginAPI
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
        #expect(narrowed.hasSuffix("3 rows; long values cut to fit, marked …"))
        let dropped = TableRenderer(settings: RenderSettings(width: 22)).render(subjects)
        #expect(dropped.split(separator: "\n").first == "id      subject")
        #expect(
            dropped.hasSuffix("3 rows; 1 more column not shown (too wide): score; long values cut to fit, marked …"))
    }

    @Test("long cells are cut with … and the footer says so")
    func cellLimit() {
        let text = TableRenderer(settings: RenderSettings(maxCellWidth: 12)).render(subjects)
        #expect(text.contains("【至急】日… "))
        #expect(text.hasSuffix("long values cut to fit, marked …"))
    }
}
