import Dispatch

/// A value worked out on a worker thread while the caller goes on, waited for when needed —
/// by any number of callers, any number of times: once it is worked out, a wait costs a check.
///
/// Workers run at the utility quality of service, below the thread that waits for them. On
/// Linux, dispatch gives user-initiated workers a higher priority than the main thread where
/// the process may raise one (run as root), and utility workers a lower one everywhere: a
/// pipeline's consumer, such as the graph builder taking in the chunks of a file in order,
/// then gets a core whenever it can run, instead of sharing two cores with workers that
/// outrank it, decode every block started ahead and then stand idle waiting for it.
public final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let work: @Sendable () -> Value
    // Written once by the worker before it leaves `done`; read only after `wait` returns.
    private var result: Value?
    private let done = DispatchGroup()

    /// Starts working out `work` on a worker thread.
    public init(_ work: @escaping @Sendable () -> Value) {
        self.work = work
        done.enter()
        DispatchQueue.global(qos: .utility).async { [self] in
            result = work()
            done.leave()
        }
    }

    /// The value, moved out for the one caller that waits for it: a value of arrays is then
    /// the caller's alone, to change without copying them. A later wait works it out again.
    public func take() -> Value {
        done.wait()
        defer { result = nil }
        return result ?? work()
    }

    /// A value worked out already (read from a file): waiting for it costs nothing.
    public init(ready value: Value) {
        work = { value }
        result = value
    }

    /// The value, once the worker is done with it (the worker sets it before it leaves; were
    /// it ever missing, it is worked out here rather than trusted).
    public func wait() -> Value {
        done.wait()
        return result ?? work()
    }
}

extension BackgroundValue {
    /// Works out values `0..<count` on worker threads, a few ahead of the caller, and hands each
    /// to `take` in order on the calling thread, its own to change (``take()``); an error from
    /// `take` ends the run (values started meanwhile are worked out and let go).
    public static func inOrder<Failure: Error>(
        _ count: Int, ahead: Int = 3, make: @escaping @Sendable (Int) -> Value,
        take: (inout Value) throws(Failure) -> Void
    ) throws(Failure) {
        var started: [BackgroundValue] = []
        var next = 0
        while next < count || !started.isEmpty {
            while started.count < ahead, next < count {
                let index = next
                started.append(BackgroundValue { make(index) })
                next += 1
            }
            var value = started.removeFirst().take()
            try take(&value)
        }
    }
}
