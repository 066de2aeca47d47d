/// Text read from a file's bytes: checked as UTF-8 without a `String` made, and made a `String`
/// once checked without checking it again (a text of a large file is otherwise checked when
/// it is read and again when its string is made, and a string made only to check it).
package enum UTF8Text {
    /// Whether `bytes` are UTF-8.
    package static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        (try? UTF8Span(validating: bytes.span)) != nil
    }

    /// The string of `bytes`, which are UTF-8 (checked by ``isValid(_:)``, or all ASCII when
    /// `ascii` says so).
    package static func string(checked bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String {
        String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: ascii))
    }
}
