/// A small, fast, seeded random-number generator (SplitMix64) whose output is fixed by this
/// code, not by the Swift standard library, so generated data never changes with a toolchain.
struct SeededRandom {
    private var state: UInt64

    /// A generator for a seed and a stream number: each (seed, stream) pair gives an
    /// independent sequence, so that batches can be drawn in any order.
    init(seed: UInt64, stream: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 ^ (stream &+ 1) &* 0xBF58_476D_1CE4_E5B9
        _ = next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0 ..< bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform number in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// `true` with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// One of `choices`, with probability proportional to its weight.
    mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var point = unit() * total
        for (choice, weight) in choices {
            point -= weight
            if point < 0 { return choice }
        }
        return choices[choices.count - 1].0
    }

    /// An integer between `low` and `high` whose logarithm is uniform (many small, few large).
    mutating func logUniform(_ low: Int, _ high: Int) -> Int {
        let value = Double(low) * pow2(log2(Double(high) / Double(low)) * unit())
        return min(high, max(low, Int(value.rounded(.down))))
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        var remaining = exponent
        while remaining >= 1 {
            result *= 2
            remaining -= 1
        }
        // 2^x for x in [0, 1) by its series through e^(x ln 2); exact enough and toolchain-independent.
        let y = remaining * 0.693_147_180_559_945_3
        var term = 1.0
        var sum = 1.0
        for n in 1...20 {
            term *= y / Double(n)
            sum += term
        }
        return result * sum
    }

    private func log2(_ value: Double) -> Double {
        var exponent = 0.0
        var mantissa = value
        while mantissa >= 2 {
            mantissa /= 2
            exponent += 1
        }
        // ln(m) for m in [1, 2) by atanh series, then to base 2.
        let t = (mantissa - 1) / (mantissa + 1)
        var term = t
        var sum = 0.0
        var n = 1.0
        while n < 60 {
            sum += term / n
            term *= t * t
            n += 2
        }
        return exponent + 2 * sum / 0.693_147_180_559_945_3
    }
}
