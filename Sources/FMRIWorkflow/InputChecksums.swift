import Dispatch
import Foundation
import Provenance

/// SHA-256 of the input files, computed on a background thread while the main thread streams
/// the BOLD data (hashing a 700 MB run takes about as long as a second pass over it, and the
/// machine has a second core). `value(for:)` waits for the result.
public final class InputChecksums: @unchecked Sendable {
    private var results: [String: Result<String, Error>] = [:]
    private let lock = NSLock()
    private let group = DispatchGroup()

    /// Starts hashing `paths` (duplicates hashed once) in the background.
    public init(paths: [String]) {
        var seen = Set<String>()
        let unique = paths.filter { seen.insert($0).inserted }
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            for p in unique {
                let r = Result { try SHA256.hexDigest(ofFile: p) }
                lock.lock(); results[p] = r; lock.unlock()
            }
            group.leave()
        }
    }

    /// Checksums already known (a pipeline hashes each input once per process and passes them on).
    public init(known: [String: String]) {
        results = known.mapValues { .success($0) }
    }

    /// The checksum of `path` (waits for the background work).
    public func value(for path: String) throws -> String {
        group.wait()
        lock.lock(); let r = results[path]; lock.unlock()
        if let r { return try r.get() }
        return try SHA256.hexDigest(ofFile: path)
    }

    /// Adds `paths` with their checksums to a provenance record (in order, without duplicates).
    public func add(_ paths: [String], to record: inout ProvenanceRecord) throws {
        for p in paths where !record.inputs.contains(where: { $0.path == p }) {
            record.inputs.append((p, try value(for: p)))
        }
    }
}
