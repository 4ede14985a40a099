import CLapack
import Dispatch
import Foundation

/// NeuroRep's BLAS threading policy: one OpenBLAS thread inside NeuroRep's own parallel loops
/// (pairs of representations, subjects, runs, blocks), all cores for a product made outside them.
///
/// Why: NeuroRep parallelises over independent work items with `DispatchQueue.concurrentPerform`,
/// one worker per core. If OpenBLAS also starts a thread per core inside every call, the two
/// compete for the cores (and OpenBLAS's pthread server serialises callers from several threads):
/// `shape --inputs` on 20 networks took 4 to 6 times longer, and the Gaussian 45-pair matrix
/// 188 s instead of 40 s, when the user had not set `OPENBLAS_NUM_THREADS` (issue 12, finding 13).
///
/// How: OpenBLAS's thread count is process-global (`openblas_set_num_threads`), so it is owned
/// here and nowhere else. `configure()` sets it to the cores this process may use, whatever the
/// environment says (so results and speed do not depend on `OPENBLAS_NUM_THREADS`). Every
/// parallel loop runs through `parallelRegion` (or `concurrentPerform`, which wraps it):
/// entering the outermost region sets one thread, leaving it restores all cores. Regions nest
/// and count, so concurrent or nested regions (subjects in parallel, pairs within a subject)
/// change the count only at the outermost entry and exit; the count is never changed while a
/// BLAS call of NeuroRep's could be running with several threads, because such calls are made
/// only outside every region.
public enum BLASThreads {
    private static let lock = NSLock()
    private static var depth = 0
    private static var configured = false

    /// Cores this process may use (affinity and cgroup limits included, as Foundation counts them).
    public static var cores: Int { Swift.max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Sets OpenBLAS to all cores (outside any region). Called by the CLI at start and, lazily,
    /// by the first region; idempotent.
    public static func configure() {
        lock.lock(); defer { lock.unlock() }
        configureLocked()
    }

    private static func configureLocked() {
        guard !configured else { return }
        configured = true
        if depth == 0 { openblas_set_num_threads(Int32(cores)) }
    }

    /// OpenBLAS's current thread count (`openblas_get_num_threads`).
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// True inside a parallel region (BLAS runs on one thread).
    public static var inParallelRegion: Bool {
        lock.lock(); defer { lock.unlock() }
        return depth > 0
    }

    /// Runs `body` with OpenBLAS on one thread: for work that NeuroRep itself spreads over the
    /// cores. Nested and concurrent regions share the setting; the outermost exit restores all cores.
    public static func parallelRegion<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        configureLocked()
        if depth == 0 { openblas_set_num_threads(1) }
        depth += 1
        lock.unlock()
        defer {
            lock.lock()
            depth -= 1
            if depth == 0 { openblas_set_num_threads(Int32(cores)) }
            lock.unlock()
        }
        return try body()
    }

    /// `DispatchQueue.concurrentPerform` inside a parallel region: the one way NeuroRep runs a
    /// parallel loop, so that no loop forgets the policy.
    public static func concurrentPerform(iterations: Int, execute work: (Int) -> Void) {
        parallelRegion { DispatchQueue.concurrentPerform(iterations: iterations, execute: work) }
    }
}
