import Foundation
import IncidentGraph
import Testing
import Workbench

/// The golden corpus: each statement's output must match the `#|` lines recorded after it.
@Suite("Golden corpus")
struct GoldenCorpusTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Corpus/golden.kagami").path

    @Test("every statement gives its recorded output")
    func corpus() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let session = SessionFile(parsing: text)
        #expect(session.entries.count >= 80)
        let check = SessionCheck(session, in: Workspace(document: try BundledData.mirrorFace()))
        if ProcessInfo.processInfo.environment["KAGAMI_RECORD_GOLDEN"] != nil {
            try AtomicFile.write(check.accepted.text, to: Self.path)
            return
        }
        for mismatch in check.mismatches {
            let diff = mismatch.diff.joined(separator: "\n")
            Issue.record("line \(mismatch.line): \(mismatch.statement)\n\(diff)")
        }
    }
}
