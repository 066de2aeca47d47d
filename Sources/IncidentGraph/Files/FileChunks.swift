import Foundation

/// How large files are read and decoded on worker threads while the builder takes in the
/// blocks before: small blocks, many started ahead. Measured on the peer benchmark's 512 MB
/// graph file (two cores): with blocks of 8 MiB, three ahead, a core was idle for 12–16 % of
/// the load, the workers waiting for the builder (a block of nodes takes it longest) or the
/// builder for the one block it needs next; with 2 MiB, ten ahead, 5–10 %, and the load 8 %
/// shorter. Blocks of 1 MiB cost more per block than they save.
public enum BlockPipeline {
    /// Bytes a block spans before it is cut at a line's end.
    public static let blockSize = 2 << 20
    /// Blocks started ahead of the one the builder takes in: what they hold (about 3× their
    /// bytes once decoded) is the memory the pipeline adds.
    public static let blocksAhead = 10
}

/// A file's bytes cut into blocks of whole lines that can be read in any order, on any
/// thread: block `index` holds the lines that start in bytes `index * blockSize ..< (index +
/// 1) * blockSize`, the last one read on to its end. A worker reads the block it decodes.
package protocol LineBlocks: Sendable {
    /// How many bytes there are in all.
    var totalBytes: Int { get }
    /// Bytes a block spans before it is cut at a line's end.
    var blockSize: Int { get }
    /// The bytes `range`; fewer when the source was cut short since it was opened.
    func bytes(_ range: Range<Int>) throws(GraphError) -> [UInt8]
    /// Asks for the bytes `range` to be read ahead, where the source can (a file's pages not
    /// in memory); nothing changes otherwise.
    func readAhead(_ range: Range<Int>)
}

extension LineBlocks {
    /// How many blocks there are.
    package var blockCount: Int { (totalBytes + blockSize - 1) / blockSize }

    /// The bytes read once block `index` is.
    func bytesRead(throughBlock index: Int) -> Int {
        min((index + 1) * blockSize, totalBytes)
    }

    /// The lines that start in block `index`: none when a longer line runs through it. The
    /// block read when this one is taken in (``BlockPipeline/blocksAhead`` on) is asked for
    /// ahead, so that pages of the file no longer in memory are read while the blocks before
    /// it are decoded, not when a worker waits for them.
    package func lines(inBlock index: Int) throws(GraphError) -> [UInt8] {
        let ahead = (index + BlockPipeline.blocksAhead) * blockSize
        if ahead < totalBytes { readAhead(ahead..<min(ahead + blockSize, totalBytes)) }
        let start = try lineStart(atOrAfter: index * blockSize)
        let end = try lineStart(atOrAfter: min((index + 1) * blockSize, totalBytes))
        return start < end ? try bytes(start..<end) : []
    }

    /// Where the first line that starts at or after `position` starts (the end when none does):
    /// the bytes from the one before it are read a little at a time up to a newline, 1 KiB
    /// first (a line of a graph file is shorter), more each time up to 64 KiB.
    private func lineStart(atOrAfter position: Int) throws(GraphError) -> Int {
        guard position > 0, position < totalBytes else { return position }
        var probe = position - 1  // the byte before: a line starts at `position` after a newline
        var step = 1 << 10
        while probe < totalBytes {
            let probed = try bytes(probe..<min(probe + step, totalBytes))
            if let newline = probed.firstIndex(of: 0x0A) { return probe + newline + 1 }
            if probed.isEmpty { break }  // the source is shorter than it was
            probe += probed.count
            step = min(step * 4, 64 << 10)
        }
        return totalBytes
    }
}

/// Bytes already in memory, in blocks of whole lines.
struct WholeBytes: LineBlocks {
    private let whole: [UInt8]
    let blockSize: Int

    init(bytes: [UInt8], blockSize: Int = BlockPipeline.blockSize) {
        whole = bytes
        self.blockSize = blockSize
    }

    var totalBytes: Int { whole.count }

    func bytes(_ range: Range<Int>) -> [UInt8] { Array(whole[range]) }

    /// Bytes in memory are read already.
    func readAhead(_ range: Range<Int>) {}
}

/// A regular file read in blocks of whole lines (`pread`, so that workers read their blocks
/// at once) or whole.
package final class FileChunks: LineBlocks {
    private let path: String
    private let descriptor: Int32
    package let blockSize: Int
    /// The file's size when it was opened.
    package let totalBytes: Int

    /// Opens a regular file.
    package init(path: String, blockSize: Int = BlockPipeline.blockSize) throws(GraphError) {
        self.path = path
        self.blockSize = blockSize
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

    /// The whole file as one array of its size.
    func readAll() throws(GraphError) -> [UInt8] {
        try bytes(0..<totalBytes)
    }

    /// The bytes `range`; a large range is read in two halves at once, so that copying it
    /// and the page faults of its fresh memory are shared by two cores.
    package func bytes(_ range: Range<Int>) throws(GraphError) -> [UInt8] {
        var outcome: (count: Int, failure: Int32) = (0, 0)
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            if range.count >= Self.splitReadSize { Self.adviseHugePages(base, count: range.count) }
            let half = range.count >= Self.splitReadSize ? range.count / 2 : range.count
            let rest = ReadTarget(start: base + half, count: range.count - half)
            let second = rest.count > 0 ? BackgroundValue { self.read(into: rest, at: range.lowerBound + half) } : nil
            outcome = read(into: ReadTarget(start: base, count: half), at: range.lowerBound)
            if let second = second?.wait() {
                // Bytes after a half read short (the file was cut since it was opened) are not kept.
                if outcome.count == half { outcome.count += second.count }
                if outcome.failure == 0 { outcome.failure = second.failure }
            }
            count = outcome.count
        }
        guard outcome.failure == 0 else {
            throw GraphError(.io, "data file \(path) cannot be read: \(String(cString: strerror(outcome.failure)))")
        }
        return bytes
    }

    /// Asks the kernel to read the pages of `range` not in memory, without waiting for them
    /// (`posix_fadvise`): a file written or read a while ago may have lost some, and a worker
    /// reading them itself waits for the disk while a core stands idle.
    package func readAhead(_ range: Range<Int>) {
        _ = posix_fadvise(descriptor, off_t(range.lowerBound), off_t(range.count), POSIX_FADV_WILLNEED)
    }

    /// Ranges read in two halves at once: 32 MiB and more.
    private static let splitReadSize = 32 << 20

    /// Asks the kernel for 2 MiB pages for the whole 2 MiB spans of a fresh buffer, where it
    /// gives them on request (Linux's transparent huge pages, `madvise` mode): a 573 MB file then
    /// costs ~97,000 page faults instead of ~236,000. Where they are not given, nothing changes.
    private static func adviseHugePages(_ buffer: UnsafeMutablePointer<UInt8>, count: Int) {
        let huge = 2 << 20
        let start = (Int(bitPattern: buffer) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: buffer) + count) & ~(huge - 1)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
    }

    /// Fills `target` from the file at `offset`: how many bytes were read (fewer at the file's
    /// end) and the error number that stopped the read, 0 when none did.
    private func read(into target: ReadTarget, at offset: Int) -> (count: Int, failure: Int32) {
        var count = 0
        while count < target.count {
            let result = pread(descriptor, target.start + count, target.count - count, off_t(offset + count))
            if result < 0, errno == EINTR { continue }
            if result < 0 { return (count, errno) }
            if result == 0 { break }
            count += result
        }
        return (count, 0)
    }
}

/// The bytes one part of a read fills: the parts of a read fill bytes apart, each on its own
/// thread, and the read waits for all of them before its buffer is used.
private struct ReadTarget: @unchecked Sendable {
    let start: UnsafeMutablePointer<UInt8>
    let count: Int
}
