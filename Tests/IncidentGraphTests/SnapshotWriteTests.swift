import Foundation
import Testing

@testable import IncidentGraph

/// A snapshot file is written as it is made, a few megabytes held at a time; it must be the
/// very bytes of the snapshot made whole in memory, so that its checksum and every reader agree.
@Suite("Snapshots written as they are made")
struct SnapshotWriteTests {
    /// A graph whose snapshot is several times the writer's 4 MiB: long texts of odd lengths,
    /// so that arrays and texts cross the points where bytes are handed on.
    private func largeDocument() throws -> GraphDocument {
        var builder = GraphBuilder(schema: try SampleGraph.schema())
        try builder.addNode(
            id: "actor", kind: "actor", properties: ["name": .string("MirrorFace")], provenance: .synthetic)
        for index in 0..<60_000 {
            let name = String(repeating: "組織\(index % 97)-", count: 1 + index % 13)
            try builder.addNode(
                id: "org-\(index)", kind: "org", properties: ["name": .string(name)], provenance: .synthetic)
            try builder.addNode(
                id: "incident-\(index)", kind: "incident",
                properties: [
                    "ts": .instant(Instant(millisecondsSinceEpoch: 1_600_000_000_000 + Int64(index) * 60_000)),
                    "files": index % 5 == 0 ? .null : .int(index), "score": .double(Double(index) / 7),
                ],
                provenance: index % 3 == 0 ? SampleGraph.reported : .synthetic)
            try builder.addEdge(
                from: "incident-\(index)", to: "org-\(index)", label: "targeted", properties: [:],
                provenance: .synthetic)
        }
        return GraphDocument(name: "large", about: "written as it is made", graph: try builder.build())
    }

    @Test("a snapshot written a few megabytes at a time is byte for byte the one made whole, and reads back")
    func writtenAsMade() throws {
        let document = try largeDocument()
        let whole = GraphSnapshot.encode(document, producer: "test")
        #expect(whole.count > 12 << 20)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kagami-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("large.kgs").path
        try GraphSnapshot.write(document, to: path, producer: "test")
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(written.count == whole.count)
        #expect(Array(written) == whole)
        let read = try GraphSnapshot.read(path: path, producer: "test")
        #expect(GraphFile.encode(read, format: .jsonl) == GraphFile.encode(document, format: .jsonl))
    }
}
