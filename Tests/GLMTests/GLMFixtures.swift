import ArrayFiles
import Foundation
import GLM
import LinearAlgebra
import NIfTI
import TestSupport

/// The generated runs and nilearn / rsatoolbox reference values (Fixtures/make_glm_refs.py).
enum GLMFixtures {
    static let folder = Bundle.module.resourcePath! + "/Fixtures"
    static func path(_ name: String) -> String { folder + "/" + name }
    static let bold = [1, 2].map { path("sub-01_task-objects_run-\($0)_bold.nii.gz") }
    static let events = [1, 2].map { path("sub-01_task-objects_run-\($0)_events.tsv") }
    static let refs: JSONValue = try! JSONValue.load(path("refs.json"))
    nonisolated(unsafe) static let arrays: [String: NPYArray] = {
        var d: [String: NPYArray] = [:]
        for (name, a) in try! NPZ.read(path("refs.npz")) { d[name.hasSuffix(".npy") ? String(name.dropLast(4)) : name] = a }
        return d
    }()
    static func array(_ key: String) -> [Double] { arrays[key]!.doubles }
    static func matrix(_ key: String) -> Matrix<Double> {
        let a = arrays[key]!
        return Matrix(rows: a.shape[0], columns: a.shape.count > 1 ? a.shape[1] : 1, elements: a.doubles)
    }
    static let tr = 2.0
    static let contrasts: [ContrastSpec] = refs["contrasts"].array.map { ContrastSpec(name: $0.string!, expression: $0.string!) }

    static func mask() throws -> VoxelMask { try VoxelMask.read(path("mask.nii.gz")) }
    static func run(_ i: Int) throws -> MaskedRun { try MaskedRun.read(bold[i], mask: try mask()) }
    static func eventsTable(_ i: Int) throws -> EventsTable { try EventsTable.read(events[i]) }

    /// The largest absolute difference relative to the reference's largest magnitude.
    static func scaledError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
        let scale = b.map(abs).max() ?? 1
        return zip(a, b).map { abs($0 - $1) }.max()! / Swift.max(scale, 1e-300)
    }
}
