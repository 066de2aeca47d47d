import Foundation
import Testing

@testable import IncidentGraph

/// A snapshot whose checksum was made to match damaged contents (a hostile file) is refused
/// or read whole, never read out of bounds: every count and every node or edge number is
/// checked against what it indexes.
@Suite("Snapshot damage behind a good checksum")
struct SnapshotDamageTests {
    @Test("the checksum of bytes added in 32-byte blocks and a last short piece is the checksum of them whole")
    func checksumInPieces() {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<10_007).map { _ in UInt8.random(in: 0...255, using: &random) }
        let whole = bytes.withUnsafeBytes(SnapshotChecksum.of)
        for piece in [32, 64, 4_096, 9_984] {
            var checksum = SnapshotChecksum()
            bytes.withUnsafeBytes { raw in
                for start in stride(from: 0, to: raw.count, by: piece) {
                    checksum.add(UnsafeRawBufferPointer(rebasing: raw[start..<min(start + piece, raw.count)]))
                }
            }
            #expect(checksum.value == whole, "pieces of \(piece)")
        }
        var flipped = bytes
        flipped[10_000] ^= 1
        #expect(flipped.withUnsafeBytes(SnapshotChecksum.of) != whole)
    }

    @Test("bytes changed anywhere in the payload, checksum forged: an error or a graph, never a crash")
    func forgedChecksum() throws {
        let document = GraphDocument(name: "sample", about: "", graph: try SampleGraph.graph())
        let original = GraphSnapshot.encode(document, producer: "test")
        let payloadStart = 8 + 4 + 8 + 8 + 8 + "test".utf8.count
        var refused = 0
        // Every byte of the payload in turn, given three values it did not have (0xFF makes
        // the largest counts and numbers).
        for (position, change) in (payloadStart..<original.count).flatMap({ p in [(p, 1), (p, 0x80), (p, 0xFF)] }) {
            var bytes = original
            bytes[position] = change == 0xFF ? 0xFF : bytes[position] &+ UInt8(change)
            let checksum = bytes[payloadStart...].withUnsafeBytes(SnapshotChecksum.of)
            withUnsafeBytes(of: checksum.littleEndian) { bytes.replaceSubrange(20..<28, with: $0) }
            do {
                let read = try GraphSnapshot.decode(bytes, producer: "test")
                for node in read.graph.allNodes { _ = read.graph.id(of: node) }
                #expect(Self.presencesAreFlags(read.graph), "byte \(position)")
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0)
    }

    /// Whether every whole-number column's presences, as scans copy them, are 1 or 0.
    private static func presencesAreFlags(_ graph: IncidentGraph) -> Bool {
        graph.schema.kinds.indices.allSatisfy { kind in
            graph.schema.kinds[kind].properties.allSatisfy { property in
                guard let reader = PropertyReader(graph, property: property.name, kindIndex: kind),
                    [.int, .instant, .date, .duration].contains(reader.type)
                else { return true }
                let rows = graph.nodeNumbers(ofKindAt: kind).count
                return reader.withIntegers { $0.isEmpty || $0.copy(of: 0..<rows).presences.allSatisfy { $0 <= 1 } }
            }
        }
    }
}
