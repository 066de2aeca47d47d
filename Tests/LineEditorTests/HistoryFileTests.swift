import Foundation
import LineEditor
import Testing

@Suite("Where history is kept")
struct HistoryFileTests {
    @Test("XDG_STATE_HOME wins, then ~/.local/state")
    func location() {
        #expect(HistoryFile.standard(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])?.path == "/s/kagami/history")
        #expect(
            HistoryFile.standard(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])?.path
                == "/h/.local/state/kagami/history")
        #expect(HistoryFile.standard(environment: ["HOME": "/h"])?.path == "/h/.local/state/kagami/history")
        #expect(HistoryFile.standard(environment: [:]) == nil)
    }
}
