/// Comparing the short runs of bytes a file's reader compares most — member names, ids, the
/// bytes between a line's values — and a query's text tests (`id starts with "inc-2023"`)
/// without a call per comparison or a loop per byte.
package enum ShortBytes {
    /// Whether `count` bytes at `first` and at `second` are the same: eight at a time, the last
    /// eight (or four, or two) read where they end, overlapping the ones before them.
    @inline(__always)
    package static func equal(_ first: UnsafeRawPointer, _ second: UnsafeRawPointer, count: Int) -> Bool {
        guard count >= 8 else {
            if count >= 4 {
                return first.loadUnaligned(as: UInt32.self) == second.loadUnaligned(as: UInt32.self)
                    && first.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                        == second.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            }
            if count >= 2 {
                return first.loadUnaligned(as: UInt16.self) == second.loadUnaligned(as: UInt16.self)
                    && first.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
                        == second.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
            }
            return count == 0 || first.load(as: UInt8.self) == second.load(as: UInt8.self)
        }
        var offset = 0
        while offset + 8 < count {
            if first.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != second.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        return first.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            == second.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
}
