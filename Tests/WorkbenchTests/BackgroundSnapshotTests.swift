import Foundation
import Synchronization
import Testing

@testable import Workbench

@Suite("The snapshot written while the analyst works")
struct BackgroundSnapshotTests {
    /// Whether a write has ended.
    final class Ended: Sendable {
        let flag = Mutex(false)
        var value: Bool { flag.withLock { $0 } }
    }

    @Test(
        "a statement under a small memory budget waits for the snapshot being written; under the standard one it does not"
    )
    func smallBudgetWaits() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        // A write that ends only when let go (or after ten seconds): the standard budget does not wait for it.
        let release = DispatchSemaphore(value: 0)
        let held = Ended()
        workspace.snapshotWrite = SnapshotCache.Write {
            _ = release.wait(timeout: .now() + 10)
            held.flag.withLock { $0 = true }
            return nil
        }
        #expect(workspace.execute("actors | count").succeeded)
        #expect(!held.value)
        release.signal()
        // Under a budget of 16 MiB the statement runs once the write has ended.
        let slow = Ended()
        workspace.snapshotWrite = SnapshotCache.Write {
            Thread.sleep(forTimeInterval: 0.2)
            slow.flag.withLock { $0 = true }
            return "could not cache a snapshot"
        }
        workspace.memoryBudget = MemoryBudget(megabytes: 16)
        #expect(workspace.execute("actors | count").succeeded)
        #expect(slow.value && workspace.snapshotWrite == nil)
    }
}
