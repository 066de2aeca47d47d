/// Every node's id as UTF-8 bytes, one id after the other in one buffer, by node number: a test
/// of many nodes' ids (`id starts with "inc-2023"`) or their order reads bytes in place, with no
/// `String` taken out of an array and none of its storage counted. Made at the first use and
/// kept with the graph (``IncidentGraph/idBytes``).
public struct IDBytes: Sendable {
    private let bytes: [UInt8]
    /// Where each node's id starts in `bytes`, and after the last one where it ends.
    private let starts: [Int]

    init(_ ids: [String]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.reduce(0) { $0 + $1.utf8.count })
        var starts = [Int](repeating: 0, count: ids.count + 1)
        for (node, id) in ids.enumerated() {
            bytes.append(contentsOf: id.utf8)
            starts[node + 1] = bytes.count
        }
        self.bytes = bytes
        self.starts = starts
    }

    /// Calls `body` with a reader of each node's id bytes, valid while it runs.
    public func withIDs<Result>(_ body: (Reader) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in body(Reader(bytes: bytes, starts: starts)) }
        }
    }

    /// Each node's id bytes, read in place.
    public struct Reader {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let starts: UnsafeBufferPointer<Int>

        /// The UTF-8 bytes of the id of node number `node`.
        public subscript(node: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[starts[node]..<starts[node + 1]])
        }
    }
}

extension IncidentGraph {
    /// Every node's id as UTF-8 bytes in one buffer, made at the first call and kept.
    public var idBytes: IDBytes { lazyIndexes.idBytes() }
}
