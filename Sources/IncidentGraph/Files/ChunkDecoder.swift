import Foundation

/// Reads the records of chunks of a JSON Lines graph file on worker threads, several at once,
/// while the builder takes in the chunks before them: the builder only numbers nodes and
/// finds edges' ends, so on two cores a large file loads in about the time the workers take.
struct ChunkDecoder: Sendable {
    /// The file's name, for error locations.
    let file: String
    let schema: Schema

    /// Starts decoding the lines of `bytes` from `start` on a worker thread.
    func start(_ bytes: [UInt8], from start: Int) -> BackgroundValue<DecodedChunk> {
        BackgroundValue { decode(bytes, from: start) }
    }

    /// Starts reading and decoding block `index` of `source` on a worker thread, then finding
    /// its edges' ends among the nodes `finder` holds when there is one; a block that cannot be
    /// read gives a chunk with no records and the read's error.
    func start(block index: Int, of source: some LineBlocks, endsAmong finder: EndFinder?)
        -> BackgroundValue<DecodedChunk>
    {
        BackgroundValue {
            do throws(GraphError) {
                var chunk = decode(try source.lines(inBlock: index), from: 0)
                if let finder { chunk.findEnds(among: finder) }
                return chunk
            } catch {
                var chunk = DecodedChunk(schema: schema, bytes: [])
                chunk.error = error
                return chunk
            }
        }
    }

    /// The records of the lines of `bytes` from `start` (blank lines skipped), located as if
    /// `bytes` began the file.
    func decode(_ bytes: [UInt8], from start: Int) -> DecodedChunk {
        var lineEnds = Self.lineEnds(in: bytes, before: start)
        var position = start
        var chunk = decode(bytes, expecting: (bytes.count - start) / Self.shortLine) {
            Self.nextLine(in: $0, from: &position, lineEnds: &lineEnds)
        }
        chunk.lineEnds = lineEnds
        return chunk
    }

    /// The records at `ranges` of `bytes`: nodes and edges of a JSON document, located in it.
    func decode(_ bytes: [UInt8], records ranges: ArraySlice<Range<Int>>) -> DecodedChunk {
        var next = ranges.startIndex
        return decode(bytes, expecting: ranges.count) { _ in
            guard next < ranges.endIndex else { return nil }
            defer { next += 1 }
            return ranges[next]
        }
    }

    /// Bytes of a short line of a graph file (`{"from": "a-1", "to": "b-2", "label": "owns"}` and
    /// its provenance take more): lines in a block are judged to be at most its size over this.
    private static let shortLine = 64

    /// The records of `bytes` at the ranges `nextRecord` gives in turn, until it gives nil, with
    /// room made for about `expected` of them. Flat records are read by ``FlatRecord`` and
    /// ``FlatRecordDecoder``; the others, and every error, by the JSON parser.
    private func decode(
        _ bytes: [UInt8], expecting expected: Int, nextRecord: (UnsafeBufferPointer<UInt8>) -> Range<Int>?
    ) -> DecodedChunk {
        var chunk = DecodedChunk(schema: schema, bytes: bytes)
        chunk.reserveCapacity(records: expected)
        var fields = JSONFields(locator: Locator(file: file, bytes: bytes))
        var flat = FlatRecord()
        var flatDecoder = FlatRecordDecoder(schema: schema)
        bytes.withUnsafeBufferPointer { buffer in
            do throws(GraphError) {
                while let record = nextRecord(buffer) {
                    if flat.scan(buffer, record),
                        try flatDecoder.decode(
                            flat, buffer, offset: record.lowerBound, into: &chunk, locator: &fields.locator)
                    {
                        continue
                    }
                    let decoded = try fields.decode(try GraphFile.parse(bytes, record, &fields), schema: schema)
                    try chunk.append(decoded, locator: &fields.locator)
                }
            } catch {
                chunk.error = error
            }
        }
        return chunk
    }

    /// The next line of `bytes` at or after `position` that is not blank, moving `position`
    /// past it and counting the line ends passed; nil at the end.
    static func nextLine(in bytes: UnsafeBufferPointer<UInt8>, from position: inout Int, lineEnds: inout Int)
        -> Range<Int>?
    {
        guard let base = bytes.baseAddress else { return nil }  // no bytes, no line
        while position < bytes.count {
            let start = position
            let end = memchr(base + start, 0x0A, bytes.count - start).map {
                UnsafeRawPointer($0) - UnsafeRawPointer(base)
            }
            position = (end ?? bytes.count) + 1
            if end != nil { lineEnds += 1 }
            let line = start..<(end ?? bytes.count)
            // A record's line starts with its brace: the blank test is then one byte.
            if !line.isEmpty, base[start] == UInt8(ascii: "{") { return line }
            if bytes[line].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { return line }
        }
        return nil
    }

    /// Line ends in `bytes` before `position`.
    private static func lineEnds(in bytes: [UInt8], before position: Int) -> Int {
        bytes[..<position].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
