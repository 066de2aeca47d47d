/// Turns byte offsets in a file into 1-based line and column numbers (columns in characters).
///
/// Offsets are usually asked for in increasing order while a file is read, so the locator
/// continues from the last answer instead of rescanning from the start.
package struct Locator {
    package let file: String
    private let bytes: [UInt8]
    private let firstLine: Int
    private var scannedTo = 0
    private var line: Int
    private var lineStart = 0
    /// Whether a CR not followed by LF ends a line too.
    private let lineEndsAtCR: Bool

    /// A locator over `bytes`, whose first byte starts line `firstLine` of the file (a later
    /// chunk of a file read piece by piece starts further down); lines end at LF, and at a CR
    /// alone too when `lineEndsAtCR`.
    package init(file: String, bytes: [UInt8], firstLine: Int = 1, lineEndsAtCR: Bool = false) {
        self.file = file
        self.bytes = bytes
        self.firstLine = firstLine
        self.lineEndsAtCR = lineEndsAtCR
        line = firstLine
    }

    /// The location of a byte offset.
    package mutating func location(at offset: Int) -> SourceLocation {
        let target = min(max(offset, 0), bytes.count)
        if target < scannedTo {
            scannedTo = 0
            line = firstLine
            lineStart = 0
        }
        while scannedTo < target {
            if bytes[scannedTo] == 0x0A
                || (lineEndsAtCR && bytes[scannedTo] == 0x0D && bytes.dropFirst(scannedTo + 1).first != 0x0A)
            {
                line += 1
                lineStart = scannedTo + 1
            }
            scannedTo += 1
        }
        let column = bytes[lineStart..<target].reduce(1) { count, byte in byte & 0xC0 == 0x80 ? count : count + 1 }
        return SourceLocation(file: file, line: line, column: column)
    }
}
