/// One record of a graph file (a line of JSON Lines, an element of a JSON document's list of
/// nodes or edges) read as a flat object — members whose values are strings without escapes,
/// numbers, `true`, `false` or `null` — without building a tree.
///
/// Nearly every record of a large file is flat. Anything the scan does not follow (nesting,
/// escapes, a number out of range, a syntax error) makes it give up, and the record goes to
/// ``JSONParser``, which reads every JSON and gives the exact error: the scan only ever
/// accepts text the parser accepts, with the same meaning.
package struct FlatRecord: ~Copyable {
    /// A scalar value's JSON form.
    package enum Token: Equatable {
        /// A string; `ascii` when every byte is ASCII (no UTF-8 to check).
        case string(ascii: Bool)
        /// An integer that fits 18 digits.
        case integer(Int)
        /// A number with a fraction or an exponent.
        case decimal
        case bool(Bool)
        case null
    }

    /// One `"key": value` member: the key's bytes (without quotes), the value's bytes (a string
    /// without its quotes) and its form.
    package struct Member {
        package var key: Range<Int>
        package var value: Range<Int>
        package var token: Token
    }

    /// The members of the last line scanned, in order: valid until the next scan.
    package var members: UnsafeBufferPointer<Member> { list.elements }
    /// Their storage, kept between lines.
    private var list = MemberList()
    /// The number of the last line's shape (``LineShapes``): lines with the same number have
    /// the same keys in the same order.
    package private(set) var shape = 0
    /// The shapes of lines scanned lately, tried before a line is scanned in full.
    private var shapes = LineShapes()

    /// A scan with no shapes learned yet.
    package init() {}

    /// Scans `line` of `bytes`; false when it is not a flat object the scan follows.
    package mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        if let known = shapes.read(line, of: bytes, into: &list) {
            shape = known
            return true
        }
        guard scanInFull(bytes, line) else { return false }
        shape = shapes.learn(line, members: members, of: bytes)
        return true
    }

    /// Scans `line` token by token.
    private mutating func scanInFull(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        list.removeAll()
        var position = line.lowerBound
        let end = line.upperBound
        func skipWhitespace() {
            while position < end,
                bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0D
                    || bytes[position] == 0x0A
            {
                position += 1
            }
        }
        skipWhitespace()
        guard position < end, bytes[position] == UInt8(ascii: "{") else { return false }
        position += 1
        skipWhitespace()
        guard position < end, bytes[position] != UInt8(ascii: "}") else { return false }
        while true {
            skipWhitespace()
            guard let key = Self.string(bytes, &position, end)?.range else { return false }
            skipWhitespace()
            guard position < end, bytes[position] == UInt8(ascii: ":") else { return false }
            position += 1
            skipWhitespace()
            guard let (value, token) = Self.scalar(bytes, &position, end) else { return false }
            list.append(Member(key: key, value: value, token: token))
            skipWhitespace()
            guard position < end else { return false }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "}") else { return false }
            position += 1
            skipWhitespace()
            return position == end
        }
    }

    /// A string without escapes or control characters at `position`: its bytes inside the
    /// quotes, and whether they are all ASCII.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ end: Int)
        -> (range: Range<Int>, ascii: Bool)?
    {
        guard position < end, bytes[position] == UInt8(ascii: "\"") else { return nil }
        let start = position + 1
        var index = start
        // Eight bytes at a time up to the first quote, backslash or control character; the
        // byte loop below tells which one it is.
        var high: UInt8 = 0
        while index + 8 <= end {
            let word = ByteWord(bytes, at: index)
            if let stop = word.firstStringStop {
                if word.holdsNonASCII(before: stop) { high = 0x80 }
                index += stop
                break
            }
            if word.holdsNonASCII { high = 0x80 }
            index += 8
        }
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return (start..<index, high < 0x80)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            high |= byte
            index += 1
        }
        return nil
    }

    /// The scalar value at `position` (a string, a number, `true`, `false` or `null`), moving
    /// `position` past it; nil when it is none the scan follows.
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ end: Int)
        -> (Range<Int>, Token)?
    {
        guard position < end else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            guard let (range, ascii) = string(bytes, &position, end) else { return nil }
            return (range, .string(ascii: ascii))
        case UInt8(ascii: "t"): return word("true", bytes, &position, end).map { ($0, .bool(true)) }
        case UInt8(ascii: "f"): return word("false", bytes, &position, end).map { ($0, .bool(false)) }
        case UInt8(ascii: "n"): return word("null", bytes, &position, end).map { ($0, .null) }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number(bytes, &position, end)
        default: return nil
        }
    }

    private static func word(
        _ text: StaticString, _ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ end: Int
    )
        -> Range<Int>?
    {
        let count = text.utf8CodeUnitCount
        guard position + count <= end else { return nil }
        for index in 0..<count where bytes[position + index] != text.utf8Start[index] { return nil }
        defer { position += count }
        return position..<position + count
    }

    /// A JSON number; an integer of up to 18 digits is read here, others are left to
    /// `Double` as the parser does (and one out of range to the parser's error).
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ end: Int)
        -> (Range<Int>, Token)?
    {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let digitsStart = position
        var integer = 0
        while position < end, bytes[position] &- UInt8(ascii: "0") < 10 {
            integer = integer &* 10 &+ Int(bytes[position] &- UInt8(ascii: "0"))
            position += 1
        }
        let digits = position - digitsStart
        guard digits > 0, digits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { return nil }
        var isInteger = true
        if position < end, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            let fraction = position
            while position < end, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            guard position > fraction else { return nil }
        }
        if position < end, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < end, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            let exponent = position
            while position < end, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            guard position > exponent else { return nil }
        }
        guard isInteger else { return (start..<position, .decimal) }
        guard position - start <= 18 else { return nil }
        return (start..<position, .integer(negative ? -integer : integer))
    }
}

/// The members of a record, in memory of their own that is kept from record to record and grows
/// as needed: appending one neither counts references nor checks the storage is unshared, as an
/// array's append does once per member.
struct MemberList: ~Copyable {
    private var storage: UnsafeMutablePointer<FlatRecord.Member>
    private var capacity = 16
    private var count = 0

    init() {
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
    }

    /// The members, valid until the list changes.
    var elements: UnsafeBufferPointer<FlatRecord.Member> { UnsafeBufferPointer(start: storage, count: count) }

    /// Forgets the members (plain values: nothing to release).
    mutating func removeAll() {
        count = 0
    }

    mutating func append(_ member: FlatRecord.Member) {
        if count == capacity {
            let grown = UnsafeMutablePointer<FlatRecord.Member>.allocate(capacity: 2 * capacity)
            grown.moveInitialize(from: storage, count: count)
            storage.deallocate()
            (storage, capacity) = (grown, 2 * capacity)
        }
        (storage + count).initialize(to: member)
        count += 1
    }
}
