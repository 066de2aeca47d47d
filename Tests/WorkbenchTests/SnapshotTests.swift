import Foundation
import IncidentGraph
import TestSupport
import Testing
import Workbench

@Suite("Snapshots")
struct SnapshotTests {
    let folder: String
    let source: String

    init() throws {
        folder = try BuiltProgram.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        source = folder + "/mirrorface.jsonl"
        try GraphFile.write(try BundledData.mirrorFace(), to: source, format: .jsonl)
    }

    /// The text of every node and edge record, in graph order: equal texts, equal graphs.
    static func records(_ document: GraphDocument) -> String {
        GraphFile.encode(document, format: .jsonl)
    }

    @Test("a snapshot holds the same graph: every record, the name and the description")
    func roundTrip() throws {
        let original = try BundledData.mirrorFace()
        let again = try GraphSnapshot.decode(GraphSnapshot.encode(original, producer: "1"), producer: "1")
        #expect(Self.records(again) == Self.records(original))
        #expect(again.graph.timeIndex(ofKind: "incident")?.count == original.graph.timeIndex(ofKind: "incident")?.count)
    }

    @Test(
        "a truncated, bit-flipped or other-version snapshot is refused with the reason",
        arguments: ["truncated", "flipped", "version", "producer", "empty"])
    func damaged(how: String) throws {
        var bytes = GraphSnapshot.encode(try BundledData.mirrorFace(), producer: "1")
        var producer = "1"
        switch how {
        case "truncated": bytes.removeLast(bytes.count / 3)
        case "flipped": bytes[bytes.count / 2] ^= 0x10
        case "version": bytes[8] = 99
        case "producer": producer = "2"
        default: bytes = []
        }
        #expect(throws: GraphSnapshot.Problem.self) { try GraphSnapshot.decode(bytes, producer: producer) }
    }

    @Test("the cache reads a source once; a damaged or other-version snapshot is removed and made again")
    func cacheRebuilds() throws {
        let cache = SnapshotCache(folder: folder + "/cache")
        var reads = 0
        var notes: [String] = []
        func load() throws -> GraphDocument {
            let loaded = try cache.load(
                source,
                read: { path throws(GraphError) in
                    reads += 1
                    return try GraphFile.read(path: path)
                }, note: { notes.append($0) })
            if let problem = loaded.write?.finish() { notes.append(problem) }
            return loaded.document
        }
        let first = try load()
        let snapshot = try #require(cache.snapshotPath(for: source))
        #expect(FileManager.default.fileExists(atPath: snapshot))
        #expect(Self.records(try load()) == Self.records(first))
        #expect(reads == 1 && notes.isEmpty)
        for damage in ["flip", "truncate", "version"] {
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshot)))
            switch damage {
            case "flip": bytes[bytes.count - 100] ^= 0x01
            case "truncate": bytes.removeLast(1000)
            default: bytes[8] = 2
            }
            try Data(bytes).write(to: URL(fileURLWithPath: snapshot))
            #expect(Self.records(try load()) == Self.records(first))
            #expect(notes.last?.contains("was ") == true, "\(damage)")
            #expect(
                try GraphSnapshot.read(path: snapshot, producer: KagamiVersion.current).graph.nodeCount
                    == first.graph.nodeCount)
        }
        #expect(reads == 4)
        // A changed source has another snapshot.
        try (String(contentsOfFile: source, encoding: .utf8) + "\n").write(
            toFile: source, atomically: true, encoding: .utf8)
        #expect(cache.snapshotPath(for: source) != snapshot)
    }

    @Test("the snapshot of another source of the same size is never used for a source")
    func sameSizeSources() throws {
        let cache = SnapshotCache(folder: folder + "/cache")
        var reads: [String] = []
        func load(_ path: String) throws -> GraphDocument {
            let loaded = try cache.load(
                path,
                read: { path throws(GraphError) in
                    reads.append(path)
                    return try GraphFile.read(path: path)
                }, note: { _ in })
            #expect(loaded.write?.finish() == nil)
            return loaded.document
        }
        // Another graph's file of the same size: one letter of a node's name changed.
        let other = folder + "/other.jsonl"
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let renamed = text.replacingOccurrences(
            of: "\"name\": \"M", with: "\"name\": \"N", options: [], range: text.range(of: "\"name\": \"M"))
        #expect(renamed != text && renamed.utf8.count == text.utf8.count)
        try renamed.write(toFile: other, atomically: true, encoding: .utf8)
        let first = try load(source)
        let second = try load(other)
        #expect(reads == [source, other])
        #expect(Self.records(second) == Self.records(try GraphFile.read(path: other)))
        #expect(Self.records(second) != Self.records(first))
        // Both cached now: each source gets its own.
        #expect(Self.records(try load(source)) == Self.records(first) && reads.count == 2)
        #expect(Self.records(try load(other)) == Self.records(second) && reads.count == 2)
    }

    @Test("the cache keeps the snapshots used most recently, no more than its capacity")
    func pruning() throws {
        let cache = SnapshotCache(folder: folder + "/cache")
        var document = try BundledData.mirrorFace()
        var sources: [String] = []
        for number in 0...SnapshotCache.capacity {
            document.name = "copy-\(number)"
            let path = folder + "/copy-\(number).jsonl"
            try GraphFile.write(document, to: path, format: .jsonl)
            sources.append(path)
            let loaded = try cache.load(
                path, read: { path throws(GraphError) in try GraphFile.read(path: path) }, note: { _ in })
            #expect(loaded.write?.finish() == nil)
            // A snapshot's time of last use is its modification time, to the second or finer.
            Thread.sleep(forTimeInterval: 0.02)
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: folder + "/cache")
        #expect(kept.count == SnapshotCache.capacity)
        #expect(!kept.contains { cache.snapshotPath(for: sources[0])?.hasSuffix($0) == true })
    }
}
