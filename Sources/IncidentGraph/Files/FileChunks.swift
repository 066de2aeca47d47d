import Foundation

/// A source of whole lines in chunks.
protocol LineChunkSource {
    /// The next chunk of complete lines (the last may lack its newline), or `nil` at the end.
    func nextChunk() throws(GraphError) -> [UInt8]?
    /// How many bytes there are in all.
    var totalBytes: Int { get }
}

/// Bytes already in memory, in chunks of whole lines of about ``chunkSize`` bytes.
final class WholeBytes: LineChunkSource {
    private let bytes: [UInt8]
    private var position = 0
    /// Bytes a chunk holds before it is cut at the next line end.
    private let chunkSize: Int

    let totalBytes: Int

    init(bytes: [UInt8], chunkSize: Int = 8 << 20) {
        self.bytes = bytes
        self.chunkSize = chunkSize
        totalBytes = bytes.count
    }

    func nextChunk() throws(GraphError) -> [UInt8]? {
        guard position < bytes.count else { return nil }
        let start = position
        let cut = min(start + chunkSize, bytes.count)
        position = bytes[cut...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
        return Array(bytes[start..<position])
    }
}

/// A file read in large blocks, cut at line ends, so that a file of any size can be read
/// with a bounded buffer.
final class FileChunks: LineChunkSource {
    private let path: String
    private let descriptor: Int32
    private var carry: [UInt8] = []
    private var atEnd = false
    private static let blockSize = 8 << 20
    /// The file's size when it was opened.
    let totalBytes: Int

    /// Opens a regular file.
    init(path: String) throws(GraphError) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw GraphError(.io, "data file \(path) cannot be opened: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw GraphError(.io, "data file \(path) is not a regular file")
        }
        totalBytes = Int(status.st_size)
    }

    deinit {
        close(descriptor)
    }

    /// The whole rest of the file as one array.
    func readAll() throws(GraphError) -> [UInt8] {
        var bytes = carry
        carry = []
        bytes.reserveCapacity(totalBytes + 1)  // one array of the file's size, not copied as it grows
        while let block = try readBlock(after: []) { bytes += block }
        return bytes
    }

    func nextChunk() throws(GraphError) -> [UInt8]? {
        while !atEnd {
            guard var block = try readBlock(after: carry) else { break }
            guard let lastNewline = block[carry.count...].lastIndex(of: 0x0A) else {
                carry = block
                continue
            }
            carry = Array(block[(lastNewline + 1)...])
            block.removeSubrange((lastNewline + 1)...)
            return block
        }
        guard !carry.isEmpty else { return nil }
        defer { carry = [] }
        return carry
    }

    /// `start`, then up to a block of the file read after it (the bytes are read in place, not
    /// copied after the start); nil at the end of the file.
    private func readBlock(after start: [UInt8]) throws(GraphError) -> [UInt8]? {
        guard !atEnd else { return nil }
        var failure: Int32 = 0
        var read = 0
        let block = [UInt8](unsafeUninitializedCapacity: start.count + Self.blockSize) { buffer, count in
            _ = buffer.initialize(from: start)
            count = start.count
            while true {
                let result = Foundation.read(descriptor, buffer.baseAddress! + start.count, Self.blockSize)
                if result < 0, errno == EINTR { continue }
                if result < 0 { failure = errno } else { read = result }
                count += read
                return
            }
        }
        guard failure == 0 else {
            throw GraphError(.io, "data file \(path) cannot be read: \(String(cString: strerror(failure)))")
        }
        if read == 0 {
            atEnd = true
            return nil
        }
        return block
    }
}
