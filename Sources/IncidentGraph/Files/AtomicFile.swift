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

    /// Opens a temporary file beside `path`.
    public init(path: String) throws(GraphError) {
        let url = URL(fileURLWithPath: path)
        self.path = path
        temporary = url.deletingLastPathComponent().path + "/.\(url.lastPathComponent).\(getpid()).tmp"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Self.failure("cannot create \(temporary)") }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        if !finished {
            close(descriptor)
            unlink(temporary)
        }
    }

    /// Appends text (UTF-8), writing to disk in large blocks.
    public func write(_ text: String) throws(GraphError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferSize { try flush() }
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
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { bytes in
                Foundation.write(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw Self.failure("cannot write \(path)") }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private static let bufferSize = 1 << 20

    private static func failure(_ message: String) -> GraphError {
        GraphError(.io, message + ": " + String(cString: strerror(errno)))
    }
}
