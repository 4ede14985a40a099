import ArrayFiles
import LinearAlgebra
import AtomicFiles
import Foundation
import NIfTI

/// A small synthetic study for trying every stage in seconds: 3 subjects in fMRIPrep-derivatives
/// layout (resting-state BOLD, confounds, sidecars), a task with 12 object conditions (two BOLD
/// runs per subject in fMRIPrep layout, BIDS events in the raw dataset), an 8-region atlas with a lookup table, and activations of 2 small networks with 3
/// layers for the same 12 conditions.
///
/// The data carry structure the stages can find: the BOLD signals mix 3 shared network factors,
/// so connectivity has modules; each condition has low-level features and a category (3
/// categories of 4), early visual ROIs and first layers encode the low-level features, IT and
/// last layers the category: each task trial evokes its condition's pattern (plus trial-to-trial
/// variability) through nilearn's glover HRF, so the GLM stage recovers the patterns and RSA ranks
/// layer 1 closest to V1 and layer 3 closest to IT.
/// Everything is drawn from one seeded generator: the same seed gives the same bytes.
public struct SampleStudy {
    public static let subjects = ["01", "02", "03"]
    public static let roiNames = ["V1", "V2", "V4", "IT", "PPA", "M1", "PCC", "mPFC"]
    public static let conditions: [(name: String, category: String)] = [
        ("face1", "face"), ("face2", "face"), ("face3", "face"), ("face4", "face"),
        ("house1", "house"), ("house2", "house"), ("house3", "house"), ("house4", "house"),
        ("tool1", "tool"), ("tool2", "tool"), ("tool3", "tool"), ("tool4", "tool"),
    ]
    public static let space = "MNI152NLin2009cAsym"
    public static let grid = (16, 20, 16)
    public static let volumes = 120
    public static let tr = 2.0

    public let root: String
    public let seed: UInt64

    public init(root: String, seed: UInt64 = 20261124) {
        self.root = root
        self.seed = seed
    }

    /// The affine of the sample grid: 4 mm voxels, RAS+ with a flipped x axis like MNI templates.
    public static let affine = Affine(rows: [[-4, 0, 0, 30], [0, 4, 0, -40], [0, 0, 4, -30], [0, 0, 0, 1]])

    /// Writes the whole study under `root`, replacing files of the same names.
    public func generate() throws {
        var rng = SeededGenerator(seed: seed)
        let atlas = makeAtlas(&rng)
        try writeAtlas(atlas)
        let features = ConditionFeatures(&rng)
        for (s, subject) in Self.subjects.enumerated() {
            try writeBOLD(subject: subject, index: s, atlas: atlas, rng: &rng)
            try writeTaskRuns(subject: subject, atlas: atlas, features: features, rng: &rng)
        }
        let netA = try writeActivations(features: features, rng: &rng)
        try writeDropoutPasses(netA)
        try DelimitedTable(columns: ["condition", "category"], rows: Self.conditions.map { [$0.name, $0.category] })
            .write(to: "\(root)/activations/conditions.tsv")
        try writeMetadata()
    }

    // MARK: layout

    var fmriprep: String { "\(root)/derivatives/fmriprep" }
    func funcDir(_ subject: String) -> String { "\(fmriprep)/sub-\(subject)/func" }
    func boldPath(_ subject: String) -> String {
        "\(funcDir(subject))/sub-\(subject)_task-rest_space-\(Self.space)_desc-preproc_bold.nii.gz"
    }
    func confoundsPath(_ subject: String) -> String { "\(funcDir(subject))/sub-\(subject)_task-rest_desc-confounds_timeseries.tsv" }
    func taskBoldPath(_ subject: String, run: Int) -> String {
        "\(funcDir(subject))/sub-\(subject)_task-objects_run-\(run)_space-\(Self.space)_desc-preproc_bold.nii.gz"
    }
    func eventsPath(_ subject: String, run: Int) -> String { "\(root)/sub-\(subject)/func/sub-\(subject)_task-objects_run-\(run)_events.tsv" }

    // MARK: atlas

    struct Atlas {
        let labels: [Int16]        // per voxel, NIfTI order
        let brainVoxels: [Int]
    }

    /// An ellipsoidal brain split into 8 contiguous regions (Voronoi cells of 8 seeds).
    func makeAtlas(_ rng: inout SeededGenerator) -> Atlas {
        let (nx, ny, nz) = Self.grid
        var labels = [Int16](repeating: 0, count: nx * ny * nz)
        var brain: [Int] = []
        let seeds: [(Double, Double, Double)] = (0..<8).map { r in
            // spread seeds on a ring front to back, then perturb
            let a = Double(r) / 8 * 2 * .pi
            return (7.5 + 4 * cos(a) + rng.normal() * 0.5, 9.5 + 6 * sin(a) + rng.normal() * 0.5, 7.5 + rng.normal())
        }
        for k in 0..<nz { for j in 0..<ny { for i in 0..<nx {
            let (x, y, z) = ((Double(i) - 7.5) / 7, (Double(j) - 9.5) / 9, (Double(k) - 7.5) / 7)
            guard x * x + y * y + z * z < 1 else { continue }
            let v = i + nx * (j + ny * k)
            var best = 0, bestD = Double.infinity
            for (r, s) in seeds.enumerated() {
                let d = (Double(i) - s.0) * (Double(i) - s.0) + (Double(j) - s.1) * (Double(j) - s.1) + (Double(k) - s.2) * (Double(k) - s.2)
                if d < bestD { bestD = d; best = r }
            }
            labels[v] = Int16(best + 1)
            brain.append(v)
        } } }
        return Atlas(labels: labels, brainVoxels: brain)
    }

    func writeAtlas(_ atlas: Atlas) throws {
        let (nx, ny, nz) = Self.grid
        try NIfTIWriter.write(atlas.labels, shape: [nx, ny, nz], affine: Self.affine,
                              to: "\(root)/atlas/atlas-sample_space-\(Self.space)_dseg.nii.gz")
        let rows = Self.roiNames.enumerated().map { [String($0.offset + 1), $0.element] }
        try DelimitedTable(columns: ["index", "name"], rows: rows).write(to: "\(root)/atlas/atlas-sample_dseg.tsv")
    }

    // MARK: resting-state BOLD and confounds

    /// BOLD: baseline + slow drift + 20 x (ROI signal) + white noise, with ROI signals mixing 3
    /// network factors (visual, motor, default mode) and a motion artefact on high-FD volumes.
    func writeBOLD(subject: String, index: Int, atlas: Atlas, rng: inout SeededGenerator) throws {
        let (nx, ny, nz) = Self.grid
        let n = nx * ny * nz, T = Self.volumes
        // three smooth network factors (AR(1) filtered noise)
        var factors = [[Double]](repeating: [Double](repeating: 0, count: T), count: 3)
        for f in 0..<3 {
            var x = 0.0
            for t in 0..<T { x = 0.85 * x + rng.normal(); factors[f][t] = x }
        }
        let membership: [[Double]] = [
            [1, 0, 0], [1, 0, 0], [0.9, 0, 0.2], [0.8, 0, 0.3], [0.6, 0, 0.5], [0, 1, 0], [0, 0.1, 1], [0, 0.2, 0.9],
        ]
        var roiSignal = [[Double]](repeating: [Double](repeating: 0, count: T), count: 8)
        for r in 0..<8 {
            var ar = 0.0
            for t in 0..<T {
                ar = 0.5 * ar + 0.5 * rng.normal()
                roiSignal[r][t] = (0..<3).map { membership[r][$0] * factors[$0][t] }.reduce(0, +) + ar
            }
        }
        // motion: a random walk with a few jumps
        var motion = [[Double]](repeating: [Double](repeating: 0, count: T), count: 6)
        var spikes = Set<Int>()
        for _ in 0..<(3 + index) { spikes.insert(5 + Int(rng.next() % UInt64(T - 10))) }
        for p in 0..<6 {
            var x = 0.0
            let scale = p < 3 ? 0.02 : 0.0005
            for t in 0..<T {
                x += rng.normal() * scale + (spikes.contains(t) ? (p < 3 ? 0.6 : 0.01) * (rng.normal() > 0 ? 1 : -1) : 0)
                motion[p][t] = x
            }
        }
        var fd = [Double](repeating: 0, count: T)
        for t in 1..<T {
            fd[t] = (0..<3).map { abs(motion[$0][t] - motion[$0][t - 1]) }.reduce(0, +)
                + (3..<6).map { 50 * abs(motion[$0][t] - motion[$0][t - 1]) }.reduce(0, +)
        }
        // voxels
        var baseline = [Double](repeating: 0, count: n)
        for v in atlas.brainVoxels { baseline[v] = 600 + 800 * rng.uniform() }
        var data = [Int16](repeating: 0, count: n * T)
        var global = [Double](repeating: 0, count: T), wm = [Double](repeating: 0, count: T), csf = [Double](repeating: 0, count: T)
        for t in 0..<T {
            var sum = 0.0
            for v in atlas.brainVoxels {
                let r = Int(atlas.labels[v]) - 1
                let value = baseline[v] + 0.05 * Double(t) + 20 * roiSignal[r][t] + 15 * rng.normal()
                    + (spikes.contains(t) ? 40 : 0)
                data[t * n + v] = Int16(max(0, min(32767, value.rounded())))
                sum += Double(data[t * n + v])
            }
            global[t] = sum / Double(atlas.brainVoxels.count)
            wm[t] = 900 + 5 * factors[0][t] * 0.1 + rng.normal() * 2 + (spikes.contains(t) ? 10 : 0)
            csf[t] = 1100 + rng.normal() * 4 + (spikes.contains(t) ? 25 : 0)
        }
        let path = boldPath(subject)
        try NIfTIWriter.write(data, shape: [nx, ny, nz, T], affine: Self.affine, to: path, trSeconds: Self.tr)
        try AtomicFile.write(#"{"RepetitionTime": 2.0, "TaskName": "rest", "SkullStripped": true}"# + "\n",
                             to: path.replacingOccurrences(of: ".nii.gz", with: ".json"))
        try writeConfounds(subject: subject, motion: motion, fd: fd, global: global, wm: wm, csf: csf, rng: &rng)
    }

    /// fMRIPrep's confounds table: 24 motion parameters, FD, DVARS, global/WM/CSF signals with
    /// their expansions, anatomical and temporal CompCor, and cosine drift columns. The first
    /// row of every derivative and of FD/DVARS is `n/a`, as fMRIPrep writes it.
    func writeConfounds(subject: String, motion: [[Double]], fd: [Double], global: [Double], wm: [Double], csf: [Double],
                        rng: inout SeededGenerator) throws {
        let T = Self.volumes
        var columns: [String] = []
        var values: [[Double]] = []
        func add(_ name: String, _ x: [Double], expand: Bool) {
            columns.append(name); values.append(x)
            guard expand else { return }
            let d = [Double.nan] + (1..<T).map { x[$0] - x[$0 - 1] }
            columns.append(name + "_derivative1"); values.append(d)
            columns.append(name + "_power2"); values.append(x.map { $0 * $0 })
            columns.append(name + "_derivative1_power2"); values.append(d.map { $0 * $0 })
        }
        for (p, name) in ["trans_x", "trans_y", "trans_z", "rot_x", "rot_y", "rot_z"].enumerated() { add(name, motion[p], expand: true) }
        add("global_signal", global, expand: true)
        add("white_matter", wm, expand: true)
        add("csf", csf, expand: true)
        columns.append("framewise_displacement"); values.append([Double.nan] + fd[1...])
        let dvars = [Double.nan] + (1..<T).map { 20 + 30 * fd[$0] + rng.normal() }
        columns.append("dvars"); values.append(dvars)
        columns.append("std_dvars"); values.append(dvars.map { $0.isNaN ? .nan : $0 / 25 })
        for c in 0..<5 { columns.append(String(format: "a_comp_cor_%02d", c)); values.append(rng.normals(T)) }
        for c in 0..<3 { columns.append(String(format: "t_comp_cor_%02d", c)); values.append(rng.normals(T)) }
        for c in 0..<3 {
            columns.append(String(format: "cosine%02d", c))
            values.append((0..<T).map { (2.0 / Double(T)).squareRoot() * cos(Double.pi * (Double($0) + 0.5) * Double(c + 1) / Double(T)) })
        }
        let rows = (0..<T).map { t in values.map { $0[t] } }
        try DelimitedTable(columns: columns, numericRows: rows).write(to: confoundsPath(subject))
        // the sidecar compcor variance fractions (used by variance-based CompCor selection)
        var meta: [String] = []
        for c in 0..<5 {
            meta.append(String(format: "\"a_comp_cor_%02d\": {\"Method\": \"aCompCor\", \"Mask\": \"combined\", \"VarianceExplained\": %.3f, \"CumulativeVarianceExplained\": %.3f, \"Retained\": true}", c, 0.3 / Double(c + 1), (0...c).map { 0.3 / Double($0 + 1) }.reduce(0, +)))
        }
        for c in 0..<3 {
            meta.append(String(format: "\"t_comp_cor_%02d\": {\"Method\": \"tCompCor\", \"VarianceExplained\": %.3f, \"CumulativeVarianceExplained\": %.3f, \"Retained\": true}", c, 0.25 / Double(c + 1), (0...c).map { 0.25 / Double($0 + 1) }.reduce(0, +)))
        }
        try AtomicFile.write("{\n  " + meta.joined(separator: ",\n  ") + "\n}\n",
                             to: confoundsPath(subject).replacingOccurrences(of: ".tsv", with: ".json"))
    }
}
