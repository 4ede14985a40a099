import Dispatch
import Foundation

/// Work that runs beside the main thread and must be stopped and joined before the process
/// exits. Today that is SHA-256 hashing of inputs (`BackgroundDigests`): `exit` runs
/// libcrypto's `atexit` clean-up, and a digest still running on another thread then touches
/// freed OpenSSL state: a SIGSEGV (exit 139) in 10 to 50 percent of the error exits of `rdm`,
/// `connectivity` and `timeseries` (issue 12, finding 2).
///
/// Every background task starts through `run(_:)`, which tracks it in one `DispatchGroup`;
/// the task polls `isCancelled` between blocks of work. `cancelAndJoin()` asks every task to
/// stop at its next block and waits for all of them; the CLI calls it on `BackgroundWork.process`
/// before it exits, on success and on error alike. After that, `run` starts nothing (the body
/// sees `isCancelled == true` at once), so no task can begin while `exit` tears libraries down.
public final class BackgroundWork: @unchecked Sendable {
    /// The process's background work: what the CLI joins before `exit`.
    public static let process = BackgroundWork()

    private let group = DispatchGroup()
    private let lock = NSLock()
    private var cancelled = false

    /// A separate set of tasks (tests use one so that cancelling does not affect the process's).
    public init() {}

    /// True once `cancelAndJoin()` was called: tasks stop at their next block.
    public var isCancelled: Bool {
        lock.lock(); defer { lock.unlock() }
        return cancelled
    }

    /// Runs `body` on a background queue, tracked until it returns.
    public func run(_ body: @escaping @Sendable () -> Void) {
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            defer { group.leave() }
            body()
        }
    }

    /// Asks every task to stop at its next block and waits until all have returned.
    public func cancelAndJoin() {
        lock.lock(); cancelled = true; lock.unlock()
        group.wait()
    }
}

/// SHA-256 of files computed on a background thread (`BackgroundWork`), for provenance that
/// does not make the command wait for a second pass over large inputs. `value(for:)` waits
/// for the result; a path not given at the start is hashed on the caller's thread.
public final class BackgroundDigests: @unchecked Sendable {
    private var results: [String: Result<String, Error>] = [:]
    private let lock = NSLock()
    private let done = DispatchGroup()

    /// Starts hashing `paths` (duplicates hashed once) on `work` (the process's by default).
    public init(paths: [String], work: BackgroundWork = .process) {
        var seen = Set<String>()
        let unique = paths.filter { seen.insert($0).inserted }
        done.enter()
        work.run { [self] in
            defer { done.leave() }
            for p in unique {
                let r = Result { try SHA256.hexDigest(ofFile: p, isCancelled: { work.isCancelled }) }
                lock.lock(); results[p] = r; lock.unlock()
                if work.isCancelled { break }
            }
        }
    }

    /// Checksums already known (a pipeline hashes each input once per process): nothing runs
    /// in the background.
    public init(known: [String: String]) {
        results = known.mapValues { .success($0) }
    }

    /// The checksum of `path` (waits for the background work).
    public func value(for path: String) throws -> String {
        done.wait()
        lock.lock(); let r = results[path]; lock.unlock()
        if let r { return try r.get() }
        return try SHA256.hexDigest(ofFile: path)
    }
}
