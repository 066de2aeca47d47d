import Dispatch

#if os(Linux)
    import CHeap
#endif

/// How the C allocator serves the large arrays a graph is built of and let go of as it is read.
public enum HeapSettings {
    /// Blocks of up to 32 MiB come from the heap rather than each from a mapping of its own,
    /// and up to 64 MiB freed at the heap's top is kept for the next blocks: a file's chunks,
    /// read on worker threads and let go by the builder, then reuse memory instead of mapping
    /// and unmapping it, which stalls every thread's page faults on the memory map's lock and
    /// makes each core's address translations be flushed. glibc otherwise moves these limits
    /// as blocks are freed, from 128 KiB up.
    ///
    /// Measured on the peer benchmark's 10⁶-incident JSON Lines file (first load, 11 runs
    /// alternated): 0.712 → 0.651 s, at 13–18 MB more peak memory. Set by the programs, once,
    /// as they start.
    public static func reuseLargeBlocks() {
        #if os(Linux)
            _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 64 << 20)
        #endif
    }

    /// Gives the memory freed while a file was read back to the system, on a worker thread:
    /// the settings above keep it for the next blocks, and a session that goes on after a large
    /// load or import would otherwise go on holding it.
    public static func returnFreeMemory() {
        #if os(Linux)
            DispatchQueue.global(qos: .utility).async { _ = malloc_trim(0) }
        #endif
    }
}
