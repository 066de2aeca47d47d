/// One bit per node of a graph: which nodes a walk has visited or reached. A bit, not a byte,
/// so that the marks of a million nodes (128 KB) stay in the processor's cache while a walk
/// tests them in no particular order.
public struct NodeMarks: Sendable {
    @usableFromInline var words: [UInt64]

    /// No node marked, among `count` nodes.
    public init(count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// Whether the node numbered `number` is marked.
    @inlinable public func contains(_ number: Int32) -> Bool {
        words[Int(number) >> 6] & (1 << UInt64(number & 63)) != 0
    }

    /// Marks the node numbered `number`; true when it was not marked before.
    @inlinable @discardableResult public mutating func insert(_ number: Int32) -> Bool {
        let (word, bit) = (Int(number) >> 6, UInt64(1) << UInt64(number & 63))
        guard words[word] & bit == 0 else { return false }
        words[word] |= bit
        return true
    }

    /// The numbers of the marked nodes, in order.
    public var numbers: [Int32] {
        var numbers: [Int32] = []
        for (index, word) in words.enumerated() where word != 0 {
            var rest = word
            while rest != 0 {
                numbers.append(Int32(index * 64 + rest.trailingZeroBitCount))
                rest &= rest - 1
            }
        }
        return numbers
    }
}
