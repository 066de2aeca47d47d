import Foundation
import IncidentGraph
import Testing
import Workbench

/// The golden corpus: each statement's output must match the `#|` lines recorded after it.
@Suite("Golden corpus")
struct GoldenCorpusTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Corpus/golden.kagami").path

    /// A statement, the line it is on, and its recorded output.
    struct Entry {
        let statement: String
        let line: Int
        var expected: [String]
    }

    static func entries(_ text: String) -> (header: [String], entries: [Entry]) {
        var header: [String] = []
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#|") {
                let output = line.dropFirst(2)
                entries[entries.count - 1].expected.append(String(output.hasPrefix(" ") ? output.dropFirst() : output))
            } else if line.hasPrefix("#") || line.isEmpty {
                if entries.isEmpty { header.append(String(line)) }
            } else {
                entries.append(Entry(statement: String(line), line: index + 1, expected: []))
            }
        }
        return (header, entries)
    }

    @Test("every statement gives its recorded output")
    func corpus() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let (header, entries) = Self.entries(text)
        #expect(entries.count >= 80)
        let workspace = Workspace(document: try BundledData.mirrorFace())
        var recorded = header
        for entry in entries {
            let outcome = workspace.execute(entry.statement)
            let actual = (outcome.error ?? outcome.output).replacingOccurrences(of: "\r\n", with: "\n")
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            recorded.append(entry.statement)
            recorded += actual.map { $0.isEmpty ? "#|" : "#| " + $0 }
            if ProcessInfo.processInfo.environment["KAGAMI_RECORD_GOLDEN"] == nil {
                #expect(outcome.succeeded, "line \(entry.line): \(entry.statement)\n\(outcome.error ?? "")")
                #expect(actual == entry.expected, "line \(entry.line): \(entry.statement)")
            }
        }
        if ProcessInfo.processInfo.environment["KAGAMI_RECORD_GOLDEN"] != nil {
            try AtomicFile.write(recorded.joined(separator: "\n") + "\n", to: Self.path)
        }
    }
}
