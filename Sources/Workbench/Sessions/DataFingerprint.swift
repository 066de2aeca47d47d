import IncidentGraph

/// A short fingerprint of a graph's content — its node ids and kinds and its edges — so that a
/// session replayed on different data says so. FNV-1a, 64 bits, written in hexadecimal.
enum DataFingerprint {
    static func of(_ graph: IncidentGraph) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0xFF
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for node in graph.allNodes {
            mix(graph.id(of: node))
            mix(graph.kindName(of: node))
        }
        for index in 0..<graph.edgeCount {
            let edge = graph.edge(EdgeID(index: index))
            mix(graph.id(of: edge.from))
            mix(edge.label)
            mix(graph.id(of: edge.to))
        }
        return String(hash, radix: 16)
    }
}
