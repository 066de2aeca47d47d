import Foundation
import IncidentGraph
import Testing
import Workbench

/// The golden corpus: each statement's output must match the `#|` lines recorded after it, in
/// every `Corpus/*.kagami` file.
@Suite("Golden corpus")
struct GoldenCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static let files = ["golden.kagami", "papercuts.kagami"]

    @Test("the corpus folder holds exactly the files this test checks")
    func everyFileChecked() throws {
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".kagami")
        }
        #expect(Set(present) == Set(Self.files))
    }

    @Test("every statement gives its recorded output", arguments: files)
    func corpus(file: String) throws {
        let path = Self.folder.appendingPathComponent(file).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let session = SessionFile(parsing: text)
        #expect(session.entries.count >= 10)
        let check = SessionCheck(session, in: Workspace(document: try BundledData.mirrorFace()))
        if ProcessInfo.processInfo.environment["KAGAMI_RECORD_GOLDEN"] != nil {
            try AtomicFile.write(check.accepted.text, to: path)
            return
        }
        for mismatch in check.mismatches {
            let diff = mismatch.diff.joined(separator: "\n")
            Issue.record("\(file) line \(mismatch.line): \(mismatch.statement)\n\(diff)")
        }
    }

    @Test("a snapshot of the data gives every statement its recorded output too", arguments: files)
    func corpusFromSnapshot(file: String) throws {
        let text = try String(contentsOfFile: Self.folder.appendingPathComponent(file).path, encoding: .utf8)
        let bytes = GraphSnapshot.encode(try BundledData.mirrorFace(), producer: "test")
        let document = try GraphSnapshot.decode(bytes, producer: "test")
        let check = SessionCheck(SessionFile(parsing: text), in: Workspace(document: document))
        #expect(check.statements >= 10)
        for mismatch in check.mismatches {
            Issue.record("\(file) line \(mismatch.line): \(mismatch.statement)\n\(mismatch.diff.joined(separator: "\n"))")
        }
    }
}
