import Foundation

/// Writing a file so that it is either the old version or the complete new one.
///
/// The text goes to a temporary file in the same folder, is flushed to disk with `fsync`,
/// and replaces the target with `rename`, which is atomic on POSIX file systems.
public enum AtomicFile {
    /// Writes `text` (UTF-8) to `path` atomically.
    public static func write(_ text: String, to path: String) throws(GraphError) {
        let file = try AtomicFileWriter(path: path)
        try file.write(text)
        try file.commit()
    }
}

/// A file written in pieces that appears at its path only when ``commit()`` succeeds; until
/// then any earlier file at the path is untouched, and an abandoned writer leaves nothing.
public final class AtomicFileWriter {
    /// Where the file will appear.
    public let path: String
    private let temporary: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var finished = false

    /// Opens a temporary file beside `path` as `mkstemp` does: a new name, created exclusively and
    /// never through a symbolic link (a planted link cannot redirect the write). A file already
    /// at `path` keeps its permissions; one that is read-only is not replaced.
    public init(path: String) throws(GraphError) {
        let url = URL(fileURLWithPath: path)
        self.path = path
        var existing = stat()
        let exists = lstat(path, &existing) == 0
        // The owner's write bit, not access(2): for root every file is writable, but a file
        // the analyst made read-only is still theirs to keep.
        if exists, (existing.st_mode & S_IFMT) == S_IFREG, existing.st_mode & S_IWUSR == 0 || access(path, W_OK) != 0 {
            throw GraphError(.io, "\(path) is read-only; it was not replaced")
        }
        let folder = url.deletingLastPathComponent().path
        var opened: (String, Int32)?
        for _ in 0..<16 {
            let name = folder + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
            let descriptor = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            if descriptor >= 0 {
                opened = (name, descriptor)
                break
            }
            guard errno == EEXIST else { break }
        }
        guard let (temporary, descriptor) = opened else { throw Self.failure("cannot create a file in \(folder)") }
        if exists, (existing.st_mode & S_IFMT) == S_IFREG { fchmod(descriptor, existing.st_mode & 0o7777) }
        self.temporary = temporary
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// The temporary files of writers that never finished (a process killed mid-write) in
    /// `folder`, by their name: `.NAME.PID.RANDOM.tmp` of a process no longer running.
    public static func abandonedFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            let parts = name.split(separator: ".")
            guard name.hasPrefix("."), name.hasSuffix(".tmp"), parts.count >= 4,
                let pid = Int32(parts[parts.count - 3])
            else { return false }
            return kill(pid, 0) != 0 && errno == ESRCH
        }.map { folder + "/" + $0 }
    }

    deinit { abandon() }

    /// Gives the file up: the temporary file is removed now and nothing appears at ``path``.
    public func abandon() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        unlink(temporary)
    }

    /// Appends text (UTF-8), writing to disk in large blocks.
    public func write(_ text: String) throws(GraphError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Appends bytes, writing to disk in large blocks (a block larger than the buffer goes to
    /// disk as it is, not copied).
    public func write(_ bytes: [UInt8]) throws(GraphError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(GraphError) in try write(raw) } }.get()
    }

    /// Appends bytes in place, writing to disk in large blocks.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(GraphError) {
        guard bytes.count >= Self.bufferSize else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.bufferSize { try flush() }
            return
        }
        try flush()
        guard writeAll(bytes) else { throw Self.failure("cannot write \(path)") }
    }

    /// Writes bytes over those already written at `offset` (a header filled in last).
    public func write(_ bytes: [UInt8], at offset: Int) throws(GraphError) {
        try flush()
        guard bytes.withUnsafeBytes({ writeAll($0, at: offset) }) else { throw Self.failure("cannot write \(path)") }
    }

    /// Flushes, syncs and moves the file into place.
    public func commit() throws(GraphError) {
        try flush()
        finished = true
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            unlink(temporary)
            throw Self.failure("cannot flush \(path) to disk")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Self.failure("cannot replace \(path)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    private func flush() throws(GraphError) {
        guard buffer.withUnsafeBytes({ writeAll($0) }) else { throw Self.failure("cannot write \(path)") }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes every byte at the end of what is written, or at `offset` when given, retrying after
    /// a signal or a short write; false when the disk refused (see `errno`).
    private func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int? = nil) -> Bool {
        var written = 0
        while written < bytes.count {
            let start = bytes.baseAddress.map { $0 + written }
            let result =
                offset.map { pwrite(descriptor, start, bytes.count - written, off_t($0 + written)) }
                ?? Foundation.write(descriptor, start, bytes.count - written)
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return false }
            written += result
        }
        return true
    }

    private static let bufferSize = 1 << 20

    private static func failure(_ message: String) -> GraphError {
        GraphError(.io, message + ": " + String(cString: strerror(errno)))
    }
}
