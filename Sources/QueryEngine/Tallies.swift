/// How often each small number occurs among many (a row's group, an edge's provenance record).
enum Tallies {
    /// How many of the numbers `number(0)`, …, `number(total - 1)` are each of `0..<count`;
    /// a negative number is not counted. Inlined where it is called, so that `number` is no
    /// call, and counted in place with no check per number (a count cannot pass 2⁶³). Four
    /// tallies filled in turn, so that a number repeated row after row would not wait for its
    /// count to be stored, measured slower here: the processor forwards the count itself.
    @inline(__always)
    static func counts(ofEach count: Int, among total: Int, _ number: (Int) -> Int) -> [Int] {
        var counts = [Int](repeating: 0, count: count)
        counts.withUnsafeMutableBufferPointer { counts in
            for index in 0..<total {
                let value = number(index)
                if value >= 0 { counts[value] &+= 1 }
            }
        }
        return counts
    }
}
