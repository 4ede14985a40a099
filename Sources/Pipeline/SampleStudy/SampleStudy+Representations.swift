import ArrayFiles
import LinearAlgebra
import AtomicFiles
import Foundation
import GLM
import NIfTI

/// The 12 conditions' hidden features: a low-level vector per condition and a vector per
/// category, both 10-dimensional. Brain regions and network layers see mixtures of the two.
struct ConditionFeatures {
    let lowLevel: [[Double]]
    let category: [[Double]]

    init(_ rng: inout SeededGenerator) {
        lowLevel = SampleStudy.conditions.map { _ in rng.normals(10) }
        let cats = (0..<3).map { _ in rng.normals(10) }
        let index = ["face": 0, "house": 1, "tool": 2]
        category = SampleStudy.conditions.map { cats[index[$0.category]!] }
    }

    /// `wLow * A low + wCat * B cat` for random projections A, B to `units` dimensions.
    func project(units: Int, wLow: Double, wCat: Double, _ rng: inout SeededGenerator) -> [[Double]] {
        let a = (0..<units).map { _ in rng.normals(10) }
        let b = (0..<units).map { _ in rng.normals(10) }
        return (0..<lowLevel.count).map { c in
            (0..<units).map { u in
                wLow * zip(a[u], lowLevel[c]).map(*).reduce(0, +) + wCat * zip(b[u], category[c]).map(*).reduce(0, +)
            }
        }
    }
}

extension SampleStudy {
    /// How much each ROI encodes low-level features and category (the visual hierarchy, then
    /// regions with little object information).
    static let roiTuning: [(low: Double, cat: Double)] = [
        (1.0, 0.0), (0.8, 0.25), (0.5, 0.5), (0.1, 1.0), (0.2, 0.8), (0.05, 0.0), (0.0, 0.1), (0.05, 0.15),
    ]

    static let taskVolumes = 132
    static let taskRuns = 2

    /// Two object-task runs: each condition 4 times per run (2 s, shuffled within each repetition,
    /// onsets 4-6 s apart), BOLD = baseline x (1 + sum of the trials' amplitudes x their glover
    /// regressors / 100) + drift + noise. A voxel's amplitude for a trial is its condition's
    /// pattern (percent signal change: 0.3 x the ROI's tuned response + a fixed voxel term) plus
    /// trial-to-trial noise. Events go to the raw dataset (`sub-X/func/*_events.tsv`).
    func writeTaskRuns(subject: String, atlas: Atlas, features: ConditionFeatures, rng: inout SeededGenerator) throws {
        let (nx, ny, nz) = Self.grid
        let n = nx * ny * nz, K = Self.conditions.count, T = Self.taskVolumes
        // the subject's condition patterns (percent signal change), voxels in brain order
        var pattern = [[Double]](repeating: [], count: atlas.brainVoxels.count)
        var index = [Int: Int]()
        for (k, v) in atlas.brainVoxels.enumerated() { index[v] = k }
        for r in 0..<Self.roiNames.count {
            let voxels = atlas.brainVoxels.filter { Int(atlas.labels[$0]) == r + 1 }
            let tuning = Self.roiTuning[r]
            let resp = features.project(units: voxels.count, wLow: tuning.low, wCat: tuning.cat, &rng)
            for (u, v) in voxels.enumerated() { pattern[index[v]!] = (0..<K).map { 0.3 * resp[$0][u] + 0.5 * rng.normal() } }
        }
        var baseline = [Double](repeating: 0, count: atlas.brainVoxels.count)
        for k in baseline.indices { baseline[k] = 600 + 800 * rng.uniform() }
        for run in 1...Self.taskRuns {
            // events: 4 shuffled repetitions of the 12 conditions
            var trials: [(onset: Double, condition: Int)] = []
            var onset = 6.0
            for _ in 0..<4 {
                var order = Array(0..<K)
                for i in stride(from: K - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.bounded(UInt64(i + 1)))) }
                for c in order { trials.append((onset, c)); onset += 4 + 0.5 * Double(rng.bounded(5)) }
            }
            let events = trials.enumerated().map { Event(onset: $0.element.onset, duration: 2, trialType: String(format: "t%02d", $0.offset)) }
            let design = try DesignMatrix.make(events: events, volumes: T, repetitionTime: Self.tr,
                                               options: DesignOptions(hrf: .glover, drift: .none))
            let regressors = design.conditionColumns.map { c in (0..<T).map { design.matrix[$0, c.columns[0]] } }
            var data = [Int16](repeating: 0, count: n * T)
            for (k, v) in atlas.brainVoxels.enumerated() {
                var signal = [Double](repeating: 0, count: T)
                for (i, t) in trials.enumerated() {
                    let amp = pattern[k][t.condition] + 0.5 * rng.normal()
                    for f in 0..<T { signal[f] += amp * regressors[i][f] }
                }
                for f in 0..<T {
                    let value = baseline[k] * (1 + signal[f] / 100) + 0.04 * Double(f) + 8 * rng.normal()
                    data[f * n + v] = Int16(max(0, min(32767, value.rounded())))
                }
            }
            let path = taskBoldPath(subject, run: run)
            try NIfTIWriter.write(data, shape: [nx, ny, nz, T], affine: Self.affine, to: path, trSeconds: Self.tr)
            try AtomicFile.write(#"{"RepetitionTime": 2.0, "TaskName": "objects", "SkullStripped": true}"# + "\n",
                                 to: path.replacingOccurrences(of: ".nii.gz", with: ".json"))
            try DelimitedTable(columns: ["onset", "duration", "trial_type"],
                               rows: trials.map { [String(format: "%.1f", $0.onset), "2.0", Self.conditions[$0.condition].name] })
                .write(to: eventsPath(subject, run: run))
        }
    }

    /// Two networks (different random weights and widths, as if trained from different seeds),
    /// three layers each: layer1 is a 4x4xC convolutional map of low-level features, layer2 mixes,
    /// layer3 is categorical. Saved as NPZ, one float32 array per layer, conditions first.
    /// Returns netA's layers as stored (float32 values), the means of its dropout passes.
    @discardableResult
    func writeActivations(features: ConditionFeatures, rng: inout SeededGenerator) throws -> [(name: String, values: [[Float]])] {
        var netA: [(name: String, values: [[Float]])] = []
        for (network, widths) in [("netA", [4, 48, 32]), ("netB", [5, 40, 24])] {
            let l1 = features.project(units: 16 * widths[0], wLow: 1, wCat: 0.1, &rng).map { $0.map { Foundation.tanh($0 / 3) } }
            let l2 = features.project(units: widths[1], wLow: 0.6, wCat: 0.6, &rng).map { $0.map { Foundation.tanh($0 / 3) } }
            let l3 = features.project(units: widths[2], wLow: 0.1, wCat: 1, &rng).map { $0.map { Foundation.tanh($0 / 3) } }
            let K = Self.conditions.count
            try NPZ.write([
                ("layer1", NPYArray(shape: [K, 4, 4, widths[0]], floats: l1.flatMap { $0.map { Float($0) } })),
                ("layer2", NPYArray(shape: [K, widths[1]], floats: l2.flatMap { $0.map { Float($0) } })),
                ("layer3", NPYArray(shape: [K, widths[2]], floats: l3.flatMap { $0.map { Float($0) } })),
            ], to: "\(root)/activations/\(network).npz")
            if network == "netA" { netA = [("layer1", l1), ("layer2", l2), ("layer3", l3)].map { ($0.0, $0.1.map { $0.map { Float($0) } }) } }
        }
        return netA
    }

    func writeMetadata() throws {
        try AtomicFile.write("""
        {"Name": "NeuroRep sample study", "BIDSVersion": "1.9.0", "DatasetType": "raw",
         "GeneratedBy": [{"Name": "neurorep sample-data", "Description": "seeded synthetic data, seed \(seed)"}]}

        """, to: "\(root)/dataset_description.json")
        try AtomicFile.write("""
        {"Name": "fMRIPrep-style derivatives of the NeuroRep sample study", "BIDSVersion": "1.9.0", "DatasetType": "derivative",
         "GeneratedBy": [{"Name": "neurorep sample-data", "Description": "synthetic stand-in for fMRIPrep outputs"}]}

        """, to: "\(fmriprep)/dataset_description.json")
        try DelimitedTable(columns: ["participant_id"], rows: Self.subjects.map { ["sub-\($0)"] }).write(to: "\(root)/participants.tsv")
        try AtomicFile.write("""
        # NeuroRep sample study

        Synthetic data made by `neurorep sample-data --out SampleData --seed \(seed)` (Sources/Pipeline/SampleStudy/).
        Regenerate it with that command; the same seed gives the same files.

        - `derivatives/fmriprep/sub-0{1,2,3}/func/`: resting-state BOLD (16x20x16 voxels of 4 mm, \(Self.volumes) volumes,
          TR \(Self.tr) s, int16), fMRIPrep-style confounds TSV (24 motion parameters, FD, DVARS, global/WM/CSF signals,
          CompCor, cosines; first row `n/a`) with its JSON sidecar, and the BOLD's JSON sidecar (RepetitionTime).
          ROI signals mix three network factors (visual, motor, default mode); a few volumes carry motion spikes.
        - `derivatives/fmriprep/sub-0{1,2,3}/func/*_task-objects_run-{1,2}_*`: the object task, two BOLD runs per
          subject (\(Self.taskVolumes) volumes, TR \(Self.tr) s, int16) with their JSON sidecars. Each trial evokes its
          condition's voxel pattern (plus trial-to-trial variability) through nilearn's glover HRF: early visual ROIs
          encode the conditions' low-level features, IT and PPA their category. No beta maps are shipped: the
          pipelines' `glm` stage estimates them.
        - `sub-0{1,2,3}/func/*_task-objects_run-{1,2}_events.tsv`: the task's BIDS events (12 conditions x 4
          repetitions per run, 2 s each, shuffled, onsets 4-6 s apart).
        - `atlas/`: 8-region label image on the BOLD grid and its lookup table (`index`, `name`):
          \(Self.roiNames.joined(separator: ", ")).
        - `activations/netA.npz`, `netB.npz`: 3 layers each (layer1 a 12x4x4xC convolutional map, layer2, layer3),
          float32, conditions in the order of `activations/conditions.tsv`. Layer 1 encodes low-level features, layer 3
          the category, so RSA finds layer 1 closest to V1 and layer 3 closest to IT.
        - `activations/netAdropout.npz`: netA evaluated with dropout (rate \(Self.dropoutRate)): every layer a float32
          `conditions x \(Self.dropoutPasses) passes x units` array (layer1's map flattened to units), the samples the
          stochastic shape metrics compare with each ROI's single-trial patterns (`Pipelines/stochastic-shape.yaml`).
          Drawn from the seed's stream 1, after the other files' draws and independent of them.

        """, to: "\(root)/README.md")
    }
}
