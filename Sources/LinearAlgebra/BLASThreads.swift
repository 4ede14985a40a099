import CLapack
import Dispatch
import Foundation

/// NeuroRep's BLAS threading policy: NeuroRep, not OpenBLAS and not the environment, decides
/// how work is spread over the cores.
///
/// Why: NeuroRep parallelises over independent work items (pairs of representations, subjects,
/// runs, series, blocks of an RDM) with one worker per core. When OpenBLAS also started a thread
/// per core inside every call, the two competed for the cores and OpenBLAS's thread server
/// serialised the callers: `shape --inputs` on 20 networks took 4 to 6 times longer, and the
/// Gaussian 45-pair matrix 188 s instead of 40 s, when the user had not set
/// `OPENBLAS_NUM_THREADS` (issue 12, finding 13). And OpenBLAS's thread count changes the last
/// bits of its results (a threaded GEMM or LAPACK call blocks the work differently), so a count
/// that the environment, the timing of other threads or `--jobs` decides would make outputs
/// differ between runs of the same command.
///
/// How: OpenBLAS always runs on one thread (`configure()`, which the CLI calls first thing and
/// every parallel loop calls lazily; the count is process-global, so it is set here and nowhere
/// else). All cores go to NeuroRep's own parallel loops, which all run through
/// `concurrentPerform`; a large product is split by its owner into fixed blocks run through the
/// same loop (the RDM kernel's blocks of rows), so it uses all cores too, and its result does
/// not depend on the number of cores, on `OPENBLAS_NUM_THREADS`, or on what else runs.
public enum BLASThreads {
    private static let lock = NSLock()
    private static var configured = false

    /// Cores this process may use (affinity and cgroup limits included, as Foundation counts
    /// them): the width of NeuroRep's parallel loops.
    public static var cores: Int { Swift.max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Sets OpenBLAS to one thread, whatever `OPENBLAS_NUM_THREADS` says. Idempotent.
    public static func configure() {
        lock.lock(); defer { lock.unlock() }
        guard !configured else { return }
        configured = true
        openblas_set_num_threads(1)
    }

    /// Runs one BLAS or LAPACK call with the policy in force: every call in `LAPACKScalar` goes
    /// through here, so OpenBLAS is on one thread before the first call of any user of the
    /// library (a swift_once check afterwards).
    @inline(__always) static func configured<T>(_ call: () -> T) -> T {
        _ = setOnce
        return call()
    }

    private static let setOnce: Void = configure()

    /// OpenBLAS's current thread count (`openblas_get_num_threads`).
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// `DispatchQueue.concurrentPerform` with the policy in force: the one way NeuroRep runs a
    /// parallel loop, so that no loop runs with OpenBLAS threads competing for its cores.
    public static func concurrentPerform(iterations: Int, execute work: (Int) -> Void) {
        configure()
        DispatchQueue.concurrentPerform(iterations: iterations, execute: work)
    }
}
