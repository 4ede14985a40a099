import FMRIWorkflow
import Foundation
import NIfTI
import Provenance
import ROIExtraction

/// Writes per-voxel maps as float64 NIfTI images on the BOLD/mask grid (0 outside the graph's
/// nodes), each with a JSON provenance sidecar `<stem>.json` naming it with its SHA-256, all through one
/// `OutputUnit`: nothing appears in the output folder unless every file was written. The only file of this stage that writes.
/// float64 keeps degree and triangle counts exact (float32 holds integers only up to 2^24).
public enum VoxelMapExport {
    public struct Map {
        /// File stem without extension (`sub-01_task-rest_stat-degree_boldmap`).
        public let stem: String
        /// One value per node, in `voxels` order.
        public let values: [Double]
        /// Sidecar details of this map.
        public let details: [String: ProvenanceValue]
        public init(stem: String, values: [Double], details: [String: ProvenanceValue] = [:]) {
            self.stem = stem; self.values = values; self.details = details
        }
    }

    /// Writes `<stem>.nii.gz` + `<stem>.json` per map into `outputFolder` (one `OutputUnit`);
    /// returns the final image paths.
    @discardableResult
    public static func write(_ maps: [Map], voxels: [Int], grid: VoxelGrid, repetitionTime: Double?, record: ProvenanceRecord,
                             outputFolder: String) throws -> [String] {
        var written: [String] = []
        try OutputUnit.write(root: outputFolder) { unit in
            written = try stage(maps, voxels: voxels, grid: grid, record: record, into: unit, folder: unit.root)
        }
        return written
    }

    /// Stages `<folder>/<stem>.nii.gz` per map, each described by `record` plus the map's
    /// details, into `unit` (the CLI's unit or a pipeline step's); returns the final image paths.
    @discardableResult
    public static func stage(_ maps: [Map], voxels: [Int], grid: VoxelGrid, record: ProvenanceRecord,
                             into unit: OutputUnit, folder: String,
                             holds: String = "float64 map on the mask's grid, 0 outside the graph's nodes") throws -> [String] {
        var written: [String] = []
        for map in maps {
            guard map.values.count == voxels.count else {
                throw OutputUnitError("\(map.stem): \(map.values.count) values for \(voxels.count) graph nodes (an internal error)")
            }
            let stem = folder + "/" + map.stem
            let image = try unit.path(for: stem + ".nii.gz", holds: holds)
            var data = [Double](repeating: 0, count: grid.voxelCount)
            for (k, v) in voxels.enumerated() { data[v] = map.values[k] }
            try NIfTIWriter.write(data, shape: grid.shape, affine: grid.affine, to: image, description: "NeuroRep \(map.stem)")
            var rec = record
            for (k, v) in map.details { rec.details[k] = v }
            try unit.describe(stem: stem, record: rec)
            written.append(stem + ".nii.gz")
        }
        return written
    }
}
