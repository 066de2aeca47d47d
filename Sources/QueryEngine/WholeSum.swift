/// A sum of whole numbers kept in 128 bits, exact for any count of 64-bit numbers: `sum` gives
/// it when it fits 64 bits (null past them, as `+` gives), `avg` divides it as a decimal. Adding
/// is two integer steps with no branch, so that a loop adding row after row to the same sum
/// waits on no decimal addition.
struct WholeSum {
    /// The lower 64 bits, and the upper ones with the sign.
    private var low: UInt64 = 0
    private var high: Int64 = 0

    @inline(__always)
    mutating func add(_ number: Int64) {
        let (sum, carry) = low.addingReportingOverflow(UInt64(bitPattern: number))
        low = sum
        // A negative number's upper 64 bits are all ones: -1.
        high &+= (carry ? 1 : 0) &+ (number >> 63)
    }

    /// The sum when it fits 64 bits; nil past them.
    var exact: Int64? {
        let lower = Int64(bitPattern: low)
        return high == lower >> 63 ? lower : nil
    }

    /// The sum as the nearest decimal.
    var decimal: Double {
        if let exact { return Double(exact) }
        return Double(high) * 0x1p64 + Double(low)
    }
}
