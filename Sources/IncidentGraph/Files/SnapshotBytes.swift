import Foundation

/// Binary data of a snapshot as it is written: little-endian fixed-width numbers, arrays of
/// them copied whole, strings as one block of UTF-8 with offsets.
struct SnapshotWriter {
    /// The bytes made and not handed on yet.
    private(set) var bytes: [UInt8] = []
    /// Bytes handed on to `drain` so far.
    private var drained = 0
    /// Takes the bytes as they are made, a whole number of the checksum's 32-byte blocks at a
    /// time (a long array in place), so that a large snapshot is written without being held
    /// whole in memory; nil keeps every byte in `bytes`.
    private let drain: ((UnsafeRawBufferPointer) -> Void)?
    /// Bytes kept before they are handed on.
    private static let drainSize = 4 << 20
    private static let block = 32

    /// A writer that keeps every byte in `bytes`.
    init() {
        drain = nil
    }

    /// A writer that hands its bytes on to `drain` as they are made (``finish()`` hands on the last).
    init(draining drain: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.drain = drain
    }

    /// Bytes made in all.
    var count: Int { drained + bytes.count }

    /// Hands on the bytes not handed on yet.
    mutating func finish() {
        guard let drain else { return }
        bytes.withUnsafeBytes(drain)
        drained += bytes.count
        bytes.removeAll()
    }

    mutating func append<Number: FixedWidthInteger>(_ number: Number) {
        withUnsafeBytes(of: number.littleEndian) { append(raw: $0) }
    }

    mutating func append(_ number: Double) { append(number.bitPattern) }

    /// An array of numbers: its count, then its elements as they lie in memory.
    mutating func append<Number: FixedWidthInteger>(array: [Number]) {
        append(UInt64(array.count))
        array.withUnsafeBytes { append(raw: $0) }
    }

    mutating func append(_ text: String) {
        append(UInt64(text.utf8.count))
        append(utf8: text)
    }

    /// Strings (nil allowed): which are present, the end offset of each, then their UTF-8.
    mutating func append(strings: some Collection<String?>) {
        append(array: strings.map { $0 == nil ? UInt8(0) : 1 })
        var ends: [UInt64] = []
        ends.reserveCapacity(strings.count)
        var total: UInt64 = 0
        for text in strings {
            total += UInt64(text?.utf8.count ?? 0)
            ends.append(total)
        }
        append(array: ends)
        append(UInt64(total))
        for text in strings { if let text { append(utf8: text) } }
    }

    private mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(raw: UnsafeRawBufferPointer($0)) }
    }

    /// Appends bytes; once enough are kept, the kept ones and the whole blocks of `raw` are
    /// handed on (those of `raw` in place, not copied).
    private mutating func append(raw: UnsafeRawBufferPointer) {
        guard let drain, bytes.count + raw.count >= Self.drainSize else {
            bytes.append(contentsOf: raw)
            return
        }
        let fill = min((Self.block - bytes.count % Self.block) % Self.block, raw.count)
        bytes.append(contentsOf: raw.prefix(fill))
        guard bytes.count % Self.block == 0 else { return }  // `raw` was shorter than the fill
        bytes.withUnsafeBytes(drain)
        drained += bytes.count
        bytes.removeAll(keepingCapacity: true)
        let rest = UnsafeRawBufferPointer(rebasing: raw[fill...])
        let whole = rest.count / Self.block * Self.block
        drain(UnsafeRawBufferPointer(rebasing: rest.prefix(whole)))
        drained += whole
        bytes.append(contentsOf: rest[whole...])
    }

    /// Optional numbers: which are present, then the numbers (0 where absent).
    mutating func append<Number: FixedWidthInteger>(optionals: [Number?]) {
        append(array: optionals.map { $0 == nil ? UInt8(0) : 1 })
        append(array: optionals.map { $0 ?? 0 })
    }

    /// A value, tagged by its type (lists of values, edge properties).
    mutating func append(_ value: Value) {
        switch value {
        case .null: append(UInt8(0))
        case .bool(let flag):
            append(UInt8(1))
            append(UInt8(flag ? 1 : 0))
        case .int(let number):
            append(UInt8(2))
            append(Int64(number))
        case .double(let number):
            append(UInt8(3))
            append(number)
        case .string(let text):
            append(UInt8(4))
            append(text)
        case .instant(let instant):
            append(UInt8(5))
            append(instant.millisecondsSinceEpoch)
        case .date(let day):
            append(UInt8(6))
            append(day.daysSinceEpoch)
        case .duration(let span):
            append(UInt8(7))
            append(span.seconds)
        case .list(let elements):
            append(UInt8(8))
            append(UInt64(elements.count))
            for element in elements { append(element) }
        case .node(let reference):
            append(UInt8(4))  // a node in a stored value keeps its id
            append(reference.id)
        }
    }
}

/// Reads what ``SnapshotWriter`` wrote, checking every length against the bytes left: a
/// damaged snapshot is an error, never a crash or a read past the end.
struct SnapshotReader {
    /// Why the bytes could not be read.
    struct Damaged: Error {}

    private let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    /// Whether `bytes` is a mapped file whose pages, once read, are given back: a snapshot of
    /// 10^7 incidents would otherwise be resident twice, as file and as graph.
    private let releasesPages: Bool
    private var released: Int

    init(_ bytes: UnsafeRawBufferPointer, from position: Int = 0, releasingPages: Bool = false) {
        self.bytes = bytes
        self.position = position
        releasesPages = releasingPages
        released = position
    }

    /// Gives the whole pages read since the last call back to the system (they are read from
    /// the page cache again if needed).
    private mutating func releaseRead() {
        guard releasesPages, let base = bytes.baseAddress, position - released >= 1 << 22 else { return }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let from = (UInt(bitPattern: base + released) + page - 1) / page * page
        let to = UInt(bitPattern: base + position) / page * page
        if to > from, let start = UnsafeMutableRawPointer(bitPattern: from) {
            madvise(start, Int(to - from), MADV_DONTNEED)
        }
        released = position
    }

    var isAtEnd: Bool { position == bytes.count }

    private mutating func take(_ count: Int) throws(Damaged) -> Int {
        guard count >= 0, count <= bytes.count - position else { throw Damaged() }
        defer { position += count }
        return position
    }

    mutating func read<Number: FixedWidthInteger>(_: Number.Type) throws(Damaged) -> Number {
        let start = try take(MemoryLayout<Number>.size)
        return Number(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: Number.self))
    }

    mutating func readDouble() throws(Damaged) -> Double { Double(bitPattern: try read(UInt64.self)) }

    /// A count, no larger than what the remaining bytes could hold at `minimumSize` each.
    mutating func readCount(minimumSize: Int = 1) throws(Damaged) -> Int {
        let count = try read(UInt64.self)
        guard count <= UInt64(bytes.count - position) / UInt64(max(1, minimumSize)) else { throw Damaged() }
        return Int(count)
    }

    mutating func readArray<Number: FixedWidthInteger>(_: Number.Type) throws(Damaged) -> [Number] {
        let count = try readCount(minimumSize: MemoryLayout<Number>.size)
        let start = try take(count * MemoryLayout<Number>.size)
        defer { releaseRead() }
        return [Number](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 {
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: bytes[start..<start + count * MemoryLayout<Number>.size]))
            }
            initialized = count
        }
    }

    mutating func readString() throws(Damaged) -> String {
        let count = try readCount()
        let start = try take(count)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<start + count]), as: UTF8.self)
    }

    mutating func readStrings() throws(Damaged) -> [String?] {
        let present = try readArray(UInt8.self)
        let ends = try readArray(UInt64.self)
        let total = try readCount()
        guard ends.count == present.count, ends.last.map({ $0 == UInt64(total) }) ?? (total == 0) else {
            throw Damaged()
        }
        let start = try take(total)
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<start + total])
        var strings: [String?] = []
        strings.reserveCapacity(present.count)
        var texts = TextInterner()
        var from = 0
        for (index, end) in ends.enumerated() {
            guard end <= UInt64(total), Int(end) >= from else { throw Damaged() }
            let until = Int(end)
            strings.append(
                present[index] == 0
                    ? nil : texts.text(UnsafeRawBufferPointer(rebasing: text[from..<until])))
            from = until
        }
        releaseRead()
        return strings
    }

    mutating func readOptionals<Number: FixedWidthInteger>(_: Number.Type) throws(Damaged) -> [Number?] {
        let present = try readArray(UInt8.self)
        let numbers = try readArray(Number.self)
        guard present.count == numbers.count else { throw Damaged() }
        return zip(present, numbers).map { $0 == 0 ? nil : $1 }
    }

    mutating func readValue(depth: Int = 0) throws(Damaged) -> Value {
        guard depth < 64 else { throw Damaged() }
        switch try read(UInt8.self) {
        case 0: return .null
        case 1: return .bool(try read(UInt8.self) != 0)
        case 2: return .int(Int(try read(Int64.self)))
        case 3: return .double(try readDouble())
        case 4: return .string(try readString())
        case 5: return .instant(Instant(millisecondsSinceEpoch: try read(Int64.self)))
        case 6: return .date(Day(daysSinceEpoch: try read(Int32.self)))
        case 7: return .duration(TimeSpan(seconds: try read(Int64.self)))
        case 8:
            let count = try readCount()
            var elements: [Value] = []
            for _ in 0..<count { elements.append(try readValue(depth: depth + 1)) }
            return .list(elements)
        default: throw Damaged()
        }
    }
}

/// A fast 64-bit digest of bytes, four lanes of multiply-and-rotate over 8-byte words: it
/// finds truncation and flipped bits in a snapshot at memory speed. Not a cryptographic hash.
struct SnapshotChecksum {
    private static let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
    private var count = 0
    /// The last bytes, short of a 32-byte block (only after the last call to ``add(_:)``).
    private var tail: [UInt8] = []

    /// The checksum of `bytes`.
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var checksum = SnapshotChecksum()
        checksum.add(bytes)
        return checksum.value
    }

    /// Adds the next bytes; every call but the last adds a whole number of 32-byte blocks.
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        let prime = Self.prime
        let words = bytes.count / 32 * 32
        var offset = 0
        while offset < words {
            lanes.0 = ((lanes.0 ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime).rotated(31)
            lanes.1 = ((lanes.1 ^ bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) &* prime).rotated(
                31)
            lanes.2 = ((lanes.2 ^ bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)) &* prime).rotated(
                31)
            lanes.3 = ((lanes.3 ^ bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)) &* prime).rotated(
                31)
            offset += 32
        }
        tail = Array(bytes[words...])
        count += bytes.count
    }

    /// The checksum of the bytes added.
    var value: UInt64 {
        let prime = Self.prime
        var hash = UInt64(count) &* prime
        for lane in [lanes.0, lanes.1, lanes.2, lanes.3] { hash = ((hash ^ lane) &* prime).rotated(27) }
        for byte in tail { hash = ((hash ^ UInt64(byte)) &* prime).rotated(7) }
        return hash ^ (hash >> 29)
    }
}

extension UInt64 {
    fileprivate func rotated(_ count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}
