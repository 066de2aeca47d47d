import Foundation

/// The order of texts by their UTF-8 bytes, which is the order of their Unicode scalars: the
/// order ``Value`` gives texts and node ids.
public enum UTF8Order {
    /// Whether the text `a` comes before `b`: by the first byte where they differ, else the
    /// shorter first.
    @inlinable
    public static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let shared = min(a.count, b.count)
        if shared > 0, let first = a.baseAddress, let second = b.baseAddress {
            let order = memcmp(first, second, shared)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }
}
