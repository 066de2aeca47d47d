import Testing

@testable import QueryEngine

/// `round` of decimals worked out a batch of rows at a time rounds as the function does.
@Suite("Rounding half away from zero from a truncation")
struct DecimalRoundingTests {
    @Test(
        "the same decimal as rounded(.toNearestOrAwayFromZero), signed zeros, halves, edges of precision and all",
        arguments: [
            0.0, -0.0, 0.3, -0.3, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
            4_503_599_627_370_495.5, -4_503_599_627_370_495.5, 4_503_599_627_370_497.0, 9_007_199_254_740_993.0,
            1e300, -1e300, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 7.999999999999999,
            -3.5000000000000004, .greatestFiniteMagnitude,
        ])
    func sameAsLibrary(value: Double) {
        let rounded = DecimalNumber.roundedHalfAwayFromZero(value)
        let expected = value.rounded(.toNearestOrAwayFromZero)
        #expect(rounded.bitPattern == expected.bitPattern, "\(value): \(rounded) against \(expected)")
    }

    @Test("what is not a number stays not a number")
    func notANumber() {
        #expect(DecimalNumber.roundedHalfAwayFromZero(.nan).isNaN)
    }
}
