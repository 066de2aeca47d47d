import Foundation

/// Writing a file so that it is either the old version or the complete new one.
///
/// The text goes to a temporary file in the same folder, is flushed to disk with `fsync`,
/// and replaces the target with `rename`, which is atomic on POSIX file systems.
public enum AtomicFile {
    /// Writes `text` (UTF-8) to `path` atomically.
    public static func write(_ text: String, to path: String) throws(GraphError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/.\(url.lastPathComponent).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                close(descriptor)
                unlink(temporary)
                throw failure("cannot write \(path)")
            }
            written += result
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            unlink(temporary)
            throw failure("cannot flush \(path) to disk")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure("cannot replace \(path)")
        }
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    private static func failure(_ message: String) -> GraphError {
        GraphError(.io, message + ": " + String(cString: strerror(errno)))
    }
}
