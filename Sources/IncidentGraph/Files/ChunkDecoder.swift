import Dispatch

/// Reads the records of one chunk of a JSON Lines graph file on another thread, so that the
/// next chunk is parsed and checked against the schema while the builder takes in the last:
/// on two cores a large file loads in about the time of the slower half.
struct ChunkDecoder: Sendable {
    /// The file's name, for error locations.
    let file: String
    let schema: Schema

    /// The records of a chunk, in file order, and the error that stopped it, if one did (the
    /// records before the error are kept: errors the builder finds in them come first).
    struct Decoded: Sendable {
        var records: [DecodedRecord]
        var locator: Locator
        var error: GraphError?
        /// Bytes the chunk had.
        var byteCount: Int
    }

    /// A chunk being decoded.
    final class Pending: @unchecked Sendable {
        // Written once by the worker before it signals; read only after `wait` returns.
        private var result: Decoded?
        private let done = DispatchSemaphore(value: 0)

        fileprivate func finish(_ decoded: Decoded) {
            result = decoded
            done.signal()
        }

        /// The decoded chunk, once the worker is done with it.
        func wait() -> Decoded {
            done.wait()
            return result ?? Decoded(records: [], locator: Locator(file: "", bytes: []), error: nil, byteCount: 0)
        }
    }

    /// Starts decoding the lines of `bytes` from `start`; `firstLine` is the file line the chunk
    /// begins on.
    func start(_ bytes: [UInt8], firstLine: Int, from start: Int) -> Pending {
        let pending = Pending()
        DispatchQueue.global(qos: .userInitiated).async {
            pending.finish(decode(bytes, firstLine: firstLine, from: start))
        }
        return pending
    }

    /// The records of the lines of `bytes` from `start` (blank lines skipped).
    func decode(_ bytes: [UInt8], firstLine: Int, from start: Int) -> Decoded {
        var fields = JSONFields(locator: Locator(file: file, bytes: bytes, firstLine: firstLine))
        var records: [DecodedRecord] = []
        var lineStart = start
        do {
            while let line = Self.nextLine(in: bytes, from: &lineStart) {
                records.append(try fields.decode(try GraphFile.parse(bytes, line, &fields), schema: schema))
            }
        } catch {
            return Decoded(records: records, locator: fields.locator, error: error, byteCount: bytes.count)
        }
        return Decoded(records: records, locator: fields.locator, error: nil, byteCount: bytes.count)
    }

    /// The next line of `bytes` at or after `position` that is not blank, moving `position`
    /// past it; nil at the end.
    static func nextLine(in bytes: [UInt8], from position: inout Int) -> Range<Int>? {
        while position < bytes.count {
            let start = position
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            position = end + 1
            if bytes[start..<end].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { return start..<end }
        }
        return nil
    }
}
