import Foundation
import PluginAPI

/// How much more memory one statement may take than the program held when it began
/// (`:set memory MiB`). Long work polls the cancellation check every few thousand rows; past
/// the budget that check says stop, and the statement ends with an error that says why,
/// changing nothing — a 13-way `match` or a runaway definition does not take the machine down.
public struct MemoryBudget: Sendable {
    /// The budget in MiB.
    public var megabytes: Int

    /// Half the machine's memory, at most 8 GiB.
    public static var standard: MemoryBudget {
        let physical = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
        return MemoryBudget(megabytes: physical > 0 ? min((physical / 2) >> 20, 8192) : 8192)
    }

    /// The resident memory of this process in bytes (`/proc/self/statm`, seven numbers read
    /// at once: every statement reads it as it starts); 0 where unknown.
    static func residentBytes() -> Int {
        let descriptor = open("/proc/self/statm", O_RDONLY)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var text = [UInt8](repeating: 0, count: 256)
        var count: Int
        repeat {
            count = text.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        guard count > 0 else { return 0 }
        let fields = text[..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// A cancellation check that also stops a statement once it has grown the process by more
    /// than the budget, and remembers that it did.
    func guarding(_ cancellation: CancellationCheck) -> (check: CancellationCheck, tripwire: Tripwire) {
        let tripwire = Tripwire(limit: Self.residentBytes() + (megabytes << 20))
        return (CancellationCheck { cancellation.isCancelled || tripwire.isCrossed }, tripwire)
    }

    /// Whether a statement went past its budget. Polled on the statement's own thread, every
    /// few thousand rows; the process's memory is read at most every few milliseconds (reading
    /// it takes microseconds, which a scan of a million rows would otherwise pay a thousand times).
    final class Tripwire: @unchecked Sendable {
        private let limit: Int
        private(set) var crossed = false
        private var lastReading = ContinuousClock.now

        /// Time between two readings of the process's memory.
        private static let interval = Duration.milliseconds(5)

        init(limit: Int) {
            self.limit = limit
        }

        var isCrossed: Bool {
            guard !crossed, ContinuousClock.now - lastReading >= Self.interval else { return crossed }
            lastReading = ContinuousClock.now
            if MemoryBudget.residentBytes() > limit { crossed = true }
            return crossed
        }
    }
}
