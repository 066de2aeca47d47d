extension String {
    /// The text with Windows (`\r\n`) and old Mac (`\r`) line ends as `\n`: in Swift `"\r\n"` is
    /// one character, so a file saved on Windows would otherwise be read as a single line.
    public var withUnixLineEnds: String {
        guard unicodeScalars.contains("\r") else { return self }
        var result = String.UnicodeScalarView()
        var scalars = unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if scalar == "\r" {
                result.append("\n")
                if pending == "\n" { pending = scalars.next() }
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
