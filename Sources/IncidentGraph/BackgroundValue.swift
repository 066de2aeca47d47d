import Dispatch

/// A value worked out on a worker thread while the caller goes on, waited for when needed.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    // Written once by the worker before it signals; read only after `wait` returns.
    private var result: Value?
    private let done = DispatchSemaphore(value: 0)

    /// Starts working out `work` on a worker thread.
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = work()
            done.signal()
        }
    }

    /// The value, once the worker is done with it.
    func wait() -> Value {
        done.wait()
        guard let result else { preconditionFailure("a background value signalled before it was set") }
        return result
    }
}
