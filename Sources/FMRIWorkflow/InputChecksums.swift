import Foundation
import Provenance

/// SHA-256 of the input files, computed on a background thread while the main thread streams
/// the BOLD data (hashing a 700 MB run takes about as long as a second pass over it, and the
/// machine has a second core). The hashing runs as `BackgroundWork.process` work, so the CLI
/// stops and joins it before it exits. `value(for:)` waits for the result.
public final class InputChecksums: @unchecked Sendable {
    private let digests: BackgroundDigests

    /// Starts hashing `paths` (duplicates hashed once) in the background.
    public init(paths: [String]) {
        digests = BackgroundDigests(paths: paths)
    }

    /// Checksums already known (a pipeline hashes each input once per process and passes them on).
    public init(known: [String: String]) {
        digests = BackgroundDigests(known: known)
    }

    /// The checksum of `path` (waits for the background work).
    public func value(for path: String) throws -> String {
        try digests.value(for: path)
    }

    /// Adds `paths` with their checksums to a provenance record (in order, without duplicates).
    public func add(_ paths: [String], to record: inout ProvenanceRecord) throws {
        for p in paths where !record.inputs.contains(where: { $0.path == p }) {
            record.inputs.append((p, try value(for: p)))
        }
    }
}
