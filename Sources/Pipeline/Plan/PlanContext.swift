import Foundation
import Provenance

/// What every step builder needs: the config, where outputs go, and input checksums (each
/// input hashed once per process; across processes the ledger caches them by size and mtime).
struct PlanContext {
    let config: PipelineConfig
    let layout: OutputLayout
    let ledger: RunLedger
    let command: String
    let hashes = ChecksumCache()

    /// SHA-256 of an input: once per process, and cached in the ledger by (path, size, mtime).
    func checksum(_ path: String) throws -> String {
        try hashes.value(path) { try ledger.checksum(of: $0) { try SHA256.hexDigest(ofFile: $0) } }
    }

    func checksums(_ paths: [String]) throws -> [String] { try paths.map(checksum) }

    /// The config a record comes from (path, checksum of its text, name).
    var configDetails: [String: ProvenanceValue] {
        ["PipelineConfig": .object(["path": .string(config.file), "sha256": .string(SHA256.hexDigest(of: config.text)), "name": .string(config.name)])]
    }

    /// The atlases `stages.timeseries.atlas` names (all atlases by default).
    func timeSeriesAtlases() throws -> [PipelineConfig.Atlas] {
        try (config.timeseries?.atlas ?? []).map { name in
            guard let a = config.atlases.first(where: { $0.name == name }) else {
                throw ConfigError(file: config.file, position: nil, message: "'stages.timeseries.atlas': no atlas named '\(name)'")
            }
            return a
        }
    }

    /// A provenance record listing the config file (and its text's checksum) among the inputs.
    func record(parameters: [String: ProvenanceValue], inputs: [String], details: [String: ProvenanceValue] = [:]) throws -> ProvenanceRecord {
        var r = ProvenanceRecord(command: command, parameters: parameters, details: details)
        for (k, v) in configDetails { r.details[k] = v }
        // outputs of earlier steps are recorded relative to the output root, so the dataset can move
        for p in inputs {
            let shown = layout.relative(p)
            if !r.inputs.contains(where: { $0.path == shown }) { r.inputs.append((shown, try checksum(p))) }
        }
        return r
    }

    /// Runs `body` with a fresh output unit staged under `.neurorep/staging`, commits it and
    /// returns what it wrote relative to the output root (what the ledger records).
    func write(_ body: (OutputUnit) throws -> Void) throws -> [String] {
        try OutputUnit.write(root: layout.root, stagingParent: layout.stagingFolder, body).map(layout.relative)
    }
}

/// Checksums computed in this process, shared by every step builder and unit.
final class ChecksumCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]

    func value(_ path: String, compute: (String) throws -> String) throws -> String {
        if let v = lock.withLock({ values[path] }) { return v }
        let v = try compute(path)
        lock.withLock { values[path] = v }
        return v
    }

    /// Every checksum known so far.
    var known: [String: String] { lock.withLock { values } }
}
