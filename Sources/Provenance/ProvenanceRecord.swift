import Foundation

/// What produced an output: the tool and its version, the command, every parameter, and the
/// SHA-256 of every input file. `OutputUnit` writes it as the JSON sidecar of an output stem
/// (BIDS style: `x.tsv` and `x.npy` get `x.json`), adding every file of the stem with its
/// SHA-256, so a result can always be traced and reproduced.
public struct ProvenanceRecord: Sendable {
    public var command: String
    public var parameters: [String: ProvenanceValue]
    /// Input files and their SHA-256, in the order given.
    public var inputs: [(path: String, sha256: String)]
    /// Anything else the stage wants to record (ROI names, coverage, censored volumes...).
    public var details: [String: ProvenanceValue]

    public init(command: String, parameters: [String: ProvenanceValue] = [:], details: [String: ProvenanceValue] = [:]) {
        self.command = command
        self.parameters = parameters
        self.inputs = []
        self.details = details
    }

    /// Adds an input file with its checksum.
    public mutating func addInput(_ path: String) throws {
        inputs.append((path, try SHA256.hexDigest(ofFile: path)))
    }

    /// Adds input files (checksums cached by path, so a shared atlas is hashed once per record).
    public mutating func addInputs(_ paths: [String]) throws {
        for p in paths where !inputs.contains(where: { $0.path == p }) { try addInput(p) }
    }

    /// The sidecar content. Deterministic for the same inputs and parameters (no timestamps), so
    /// reruns produce byte-identical sidecars.
    public var value: ProvenanceValue {
        var o: [String: ProvenanceValue] = [
            "GeneratedBy": .array([.object([
                "Name": .string(ToolVersion.name),
                "Version": .string(ToolVersion.version),
                "Command": .string(command),
            ])]),
            "Parameters": .object(parameters),
            "Inputs": .array(inputs.map { .object(["path": .string($0.path), "sha256": .string($0.sha256)]) }),
        ]
        for (k, v) in details { o[k] = v }
        return .object(o)
    }
}
