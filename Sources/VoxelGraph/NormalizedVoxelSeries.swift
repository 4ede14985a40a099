import FMRIWorkflow
import LinearAlgebra
import NIfTI
import ROIExtraction
import Signal

/// The cleaned, normalised series of the usable voxels of a mask: the nodes of a voxel graph.
///
/// Order of operations: one streaming pass keeps the in-mask voxels (float32 as stored);
/// voxels with a NaN or infinity in any volume are left out; the rest are cleaned together by
/// `SignalCleaning.clean` with the run's confounds and sample mask, exactly as `timeseries`
/// cleans ROI series; voxels that are constant (zero variance reported by the cleaning, or a
/// cleaned standard deviation below machine epsilon, nilearn's zero-variance rule) are left out
/// and reported; each remaining series is centred and scaled to unit Euclidean norm in float64,
/// so that the Pearson correlation of voxels a and b is the dot product of their rows.
public struct NormalizedVoxelSeries: Sendable {
    /// Linear indices (BOLD grid) of the graph's nodes, ascending.
    public let voxels: [Int]
    /// Nodes x kept volumes, row-major; each row has zero mean and unit norm.
    public let z: [Double]
    public var count: Int { voxels.count }
    /// Number of kept volumes (the length of each row).
    public let length: Int
    /// In-mask voxels left out because they are constant after cleaning (linear indices).
    public let constantVoxels: [Int]
    /// In-mask voxels left out because they have a non-finite value (linear indices).
    public let nonFiniteVoxels: [Int]
    /// Volumes kept and removed (dummy scans, censoring), 0-based.
    public let keptVolumes: [Int]
    public let removedVolumes: [Int]
    public let repetitionTime: Double?
    public let repetitionTimeSource: String
    public let confoundColumns: [String]
    public let warnings: [String]
    /// The cleaned seed series (kept volumes), when a seed was given.
    public let seedSeries: [Double]?

    /// Columns cleaned at a time (float64 working set: volumes x 4096 x 8 bytes).
    nonisolated(unsafe) static var columnChunk = 4096

    /// Row `k` of `z`.
    public func row(_ k: Int) -> ArraySlice<Double> { z[(k * length)..<((k + 1) * length)] }

    /// Reads, cleans and normalises the voxels of `mask` in `bold`; with `seed` (linear
    /// indices), also the mean series of those voxels, cleaned the same way on its own (as
    /// `NiftiSpheresMasker` and `NiftiMasker` clean their signals separately).
    public static func prepare(bold: NIfTIImage, mask: VoxelMask, cleaning: VoxelCleaning,
                               seed: [Int]? = nil) throws -> NormalizedVoxelSeries {
        var warnings: [String] = []
        var options = cleaning.options
        let trSource: String
        if options.repetitionTime != nil { trSource = "option" } else {
            let header = bold.header.repetitionTimeForCleaning(path: bold.path)
            options.repetitionTime = header.seconds
            trSource = "header"
            warnings += [header.warning].compactMap { $0 }
        }
        let reader = try BOLDVoxelReader(image: bold, voxels: mask.indices, seed: seed)
        let t = reader.volumes
        let nMask = mask.indices.count
        let finite = (0..<nMask).filter { !reader.nonFinite[$0] }
        let nonFinite = (0..<nMask).filter { reader.nonFinite[$0] }.map { mask.indices[$0] }
        if !nonFinite.isEmpty {
            warnings.append("\(bold.path): \(nonFinite.count) in-mask voxel(s) have NaN or infinite values and were left out")
        }
        if reader.seedNonFinite > 0 {
            warnings.append("\(bold.path): \(reader.seedNonFinite) seed voxel(s) have NaN or infinite values, counted as 0 in the seed mean (nilearn's default)")
        }
        var confounds: Matrix<Double>? = nil
        var sampleMask: [Int]? = nil
        var confoundNames: [String] = []
        if let path = cleaning.confoundsPath {
            let c = try RunConfounds.load(path: path, volumes: t, parameters: cleaning.fcParameters)
            confounds = c.matrix; sampleMask = c.sampleMask; confoundNames = c.columns
            warnings += c.warnings
        }
        func clean(_ m: Matrix<Double>, what: String) throws -> CleanedSignals {
            do {
                return try SignalCleaning.clean(m, confounds: confounds, sampleMask: sampleMask, options: options)
            } catch {
                throw VoxelGraphError(path: bold.path, kind: .badInput, detail: "signal cleaning of the \(what) failed: \(error)")
            }
        }
        // The finite in-mask voxels, cleaned in float64 in chunks of columns (every step of
        // the cleaning acts on columns independently, except psc's choice of adding the mean
        // back, which looks at all columns: psc cleans them in one chunk), so the float64
        // working set is one chunk, not the masked run.
        // Options that change nothing (nilearn's masker defaults): `clean` would return the
        // series as they are, so it is skipped (its generic per-element copies cost a second
        // on a whole brain); constant columns are still found, as `clean` finds them. Then the
        // chunks are tiles of 256 columns (400 KB at 200 volumes), so that normalising them
        // column by column stays in the cache.
        let identity = confounds == nil && sampleMask == nil && options.dummyScans == 0 && !options.detrend
            && options.standardize == .none && options.highPass == nil && options.lowPass == nil
        let chunk = options.standardize == .psc ? Swift.max(1, finite.count) : (identity ? Swift.min(256, columnChunk) : columnChunk)
        func unchanged(_ m: Matrix<Double>) -> (signals: Matrix<Double>, keptVolumes: [Int], removedVolumes: [Int], warnings: [String]) {
            var out = m
            for j in 0..<m.columns where (1..<m.rows).allSatisfy({ m.elements[$0 * m.columns + j] == m.elements[j] }) {
                for i in 0..<m.rows { out.elements[i * m.columns + j] = .nan }   // constant: left out by `normalize`
            }
            return (out, Array(0..<m.rows), [], [])
        }
        var z: [Double] = [], usable: [Int] = [], constant: [Int] = []
        var length = t, kept: [Int] = [], removed: [Int] = []
        z.reserveCapacity(finite.count * t)
        var seen = Set<String>()
        var start = 0
        while start < finite.count || (start == 0 && finite.isEmpty) {
            let cols = Array(finite[start..<Swift.min(finite.count, start + chunk)])
            var raw = Matrix<Double>(rows: t, columns: cols.count)
            raw.elements.withUnsafeMutableBufferPointer { out in
                reader.values.withUnsafeBufferPointer { v in
                    let p = cols.count
                    for i in 0..<t { for (c, src) in cols.enumerated() { out[i * p + c] = Double(v[i * nMask + src]) } }
                }
            }
            let cleaned = try identity ? unchanged(raw) : { let c = try clean(raw, what: "voxel series"); return (c.signals, c.keptVolumes, c.removedVolumes, c.warnings) }()
            for w in cleaned.warnings where !w.hasPrefix("constant (zero-variance) columns") && seen.insert(w).inserted {
                warnings.append("\(bold.path): \(w)")
            }
            let part = normalize(cleaned.signals)
            z += part.z
            usable += part.usable.map { $0 + start }
            constant += part.constant.map { $0 + start }
            length = cleaned.signals.rows; kept = cleaned.keptVolumes; removed = cleaned.removedVolumes
            if finite.isEmpty { break }
            start += chunk
        }
        // With 2 volumes every centred series is +-(1, -1)/sqrt(2): every r is exactly +1 or -1,
        // so a graph or seed map of them is an artefact of the length, not of the data.
        guard length >= 3 else {
            throw VoxelGraphError(path: bold.path, kind: .badInput,
                                  detail: "\(length) of its \(t) volume(s) are left after dummy scans and censoring; correlations need at least 3 (with 2, every r is +1 or -1)")
        }
        let voxels = usable.map { mask.indices[finite[$0]] }
        let constantVoxels = constant.map { mask.indices[finite[$0]] }
        if !constantVoxels.isEmpty {
            warnings.append("\(bold.path): \(constantVoxels.count) in-mask voxel(s) are constant after cleaning and were left out")
        }
        var seedSeries: [Double]? = nil
        if let mean = reader.seedMean {
            let c = try clean(Matrix(rows: t, columns: 1, elements: mean), what: "seed series")
            let s = c.signals.column(0)
            guard !s.contains(where: { $0.isNaN }), normalize(c.signals).usable.count == 1 else {
                throw VoxelGraphError(path: bold.path, kind: .badInput, detail: "the seed's mean series is constant after cleaning: no correlation can be computed")
            }
            seedSeries = s
        }
        return NormalizedVoxelSeries(voxels: voxels, z: z, length: length, constantVoxels: constantVoxels,
                                     nonFiniteVoxels: nonFinite, keptVolumes: kept,
                                     removedVolumes: removed, repetitionTime: options.repetitionTime,
                                     repetitionTimeSource: trSource, confoundColumns: confoundNames, warnings: warnings,
                                     seedSeries: seedSeries)
    }

    /// Columns of `x` (volumes x columns) centred and scaled to unit norm, as rows of the
    /// result; columns that are NaN (constant per the cleaning) or whose sample standard
    /// deviation is below machine epsilon are left out. Returns (rows, kept columns, constant
    /// columns).
    static func normalize(_ x: Matrix<Double>) -> (z: [Double], usable: [Int], constant: [Int]) {
        let t = x.rows, p = x.columns
        var usable: [Int] = [], constant: [Int] = []
        var z = [Double]()
        z.reserveCapacity(t * p)
        var col = [Double](repeating: 0, count: t)
        for j in 0..<p {
            var sum = 0.0, bad = false
            for i in 0..<t { let v = x.elements[i * p + j]; col[i] = v; sum += v; if v.isNaN { bad = true } }
            if bad || t < 2 { constant.append(j); continue }
            let mean = sum / Double(t)
            var ss = 0.0
            for i in 0..<t { col[i] -= mean; ss += col[i] * col[i] }
            let sd = (ss / Double(t - 1)).squareRoot()
            guard ss > 0, sd >= Double.ulpOfOne else { constant.append(j); continue }
            let norm = ss.squareRoot()
            for i in 0..<t { z.append(col[i] / norm) }
            usable.append(j)
        }
        return (z, usable, constant)
    }
}
