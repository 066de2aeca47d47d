import Dispatch
import IncidentGraph
import Synchronization
import Testing

@Suite("Values worked out in the background")
struct BackgroundValueTests {
    @Test("a value is worked out once and waited for by many threads, many times each")
    func manyWaits() {
        let runs = Atomic(0)
        let value = BackgroundValue<[Int]> {
            runs.add(1, ordering: .relaxed)
            return Array(0..<1_000)
        }
        let sums = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            var sum = 0
            for _ in 0..<100 { sum += value.wait().reduce(0, +) }
            sums.withLock { $0.append(sum) }
        }
        #expect(runs.load(ordering: .relaxed) == 1)
        #expect(sums.withLock { $0 } == Array(repeating: 100 * 499_500, count: 8))
    }

    @Test("a value given ready is never worked out again")
    func ready() {
        let value = BackgroundValue(ready: "read from a snapshot")
        #expect(value.wait() == "read from a snapshot")
        #expect(value.wait() == "read from a snapshot")
    }
}
