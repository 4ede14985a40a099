import CLapack
import Dispatch
import Foundation
import LinearAlgebra

/// Options of a first-level fit; defaults are nilearn 0.14.1's `FirstLevelModel`.
public struct GLMOptions: Sendable, Equatable {
    public var design = DesignOptions()
    public var noise: NoiseModel = .ar1
    public var scaling: SignalScaling = .voxelMean
    /// Voxels per block: memory for the float64 work arrays is a few times T x blockSize.
    public var blockSize = 2048
    /// Worker threads of the first-level fit (default: the cores).
    public var threads = Swift.max(1, Swift.min(16, ProcessInfo.processInfo.activeProcessorCount))
    public init(design: DesignOptions = DesignOptions(), noise: NoiseModel = .ar1, scaling: SignalScaling = .voxelMean, blockSize: Int = 2048) {
        self.design = design; self.noise = noise; self.scaling = scaling; self.blockSize = blockSize
    }
}

/// A named t contrast: a design column or an expression (`ContrastExpression`).
public struct ContrastSpec: Sendable, Equatable {
    public var name: String
    public var expression: String
    public init(name: String, expression: String) { self.name = name; self.expression = expression }
}

/// The first-level GLM of nilearn's `FirstLevelModel.fit` + `compute_contrast`, streamed over
/// blocks of voxels: each run's float32 masked data are scaled block by block, fitted (OLS or
/// AR(1)), and only per-voxel contrast effects and variances are kept.
public enum FirstLevelGLM {
    /// Contrasts of one run.
    public static func contrasts(run: MaskedRun, design: DesignMatrix, specs: [ContrastSpec], options: GLMOptions) throws -> [ContrastStatistics] {
        guard design.matrix.rows == run.volumes else {
            throw GLMError.badInput(path: run.path, detail: "the design has \(design.matrix.rows) rows but the run has \(run.volumes) volumes")
        }
        guard design.matrix.columns < run.volumes else {
            // Which part of the design is too wide, so the flag to change can be found
            // (a --high-pass above what the run resolves made 130 cosine drift columns).
            let conditions = design.conditionColumns.reduce(0) { $0 + $1.columns.count }
            let drift = design.columns.filter { $0.hasPrefix("drift_") }.count
            throw GLMError.badInput(path: run.path, detail: "the design has \(design.matrix.columns) regressors for \(run.volumes) volumes "
                                    + "(\(conditions) condition, \(drift) drift (set by --drift, --high-pass, --drift-order), "
                                    + "\(design.matrix.columns - conditions - drift) confound and constant columns); a GLM needs more volumes than regressors")
        }
        let vectors = try specs.map { try ContrastExpression.vector($0.expression, columns: design.columns) }
        let dof = Double(try LinearModel.dofResiduals(design: design.matrix))
        let v = run.voxels
        var effects = [[Double]](repeating: [Double](repeating: 0, count: v), count: specs.count)
        var variances = effects
        // Blocks are independent: workers (one per core) take every k-th block, each with its
        // own fitter (AR(1) model cache), through NeuroRep's one parallel loop
        // (`BLASThreads.concurrentPerform`: OpenBLAS stays on one thread, whose own threads
        // would only spin on these small products). Each voxel is computed exactly as in a
        // sequential pass, so the result does not depend on the number of workers.
        let starts = Array(stride(from: 0, to: v, by: Swift.max(1, options.blockSize)))
        let workers = Swift.max(1, Swift.min(options.threads, starts.count))
        let frameMeans = options.scaling == .frameMean ? SignalScaling.frameMeans(run) : []
        let failure = FirstError()
        try effects.withPointers { effectPointers in
            try variances.withPointers { variancePointers in
                do {
                    BLASThreads.concurrentPerform(iterations: workers) { w in
                        do {
                            let fitter = try BlockFitter(design: design.matrix, noise: options.noise)
                            for b in Swift.stride(from: w, to: starts.count, by: workers) where !failure.isSet {
                                let y = block(run, start: starts[b], width: Swift.min(options.blockSize, v - starts[b]), options: options, frameMeans: frameMeans)
                                let fit = try fitter.fit(y)
                                for (ci, c) in vectors.enumerated() {
                                    let effect = fit.beta.multiplied(by: c, transposeSelf: true)
                                    let cvc = fit.models.map { m in zip(c, m.covariance.multiplied(by: c)).reduce(0) { $0 + $1.0 * $1.1 } }
                                    for j in 0..<y.columns {
                                        effectPointers[ci][starts[b] + j] = effect[j]
                                        variancePointers[ci][starts[b] + j] = cvc[fit.modelOfVoxel[j]] * fit.dispersion[j]
                                    }
                                }
                            }
                        } catch { failure.set(error) }
                    }
                }
                if let e = failure.error { throw e }
            }
        }
        return specs.indices.map { ContrastStatistics(effect: effects[$0], variance: variances[$0], dof: dof) }
    }

    /// The residuals of the fit (OLS residuals, or the whitened residuals of the AR(1) refit)
    /// for some masked voxels (indices into the run's voxels), as float32 frames x voxels,
    /// with the residual degrees of freedom `T - rank(X)`.
    public static func residuals(run: MaskedRun, design: DesignMatrix, voxels: [Int], options: GLMOptions) throws -> (residuals: Matrix<Float>, dof: Int) {
        let fitter = try BlockFitter(design: design.matrix, noise: options.noise)
        var out = Matrix<Float>(rows: run.volumes, columns: voxels.count)
        var position: [Int: [Int]] = [:]
        for (k, v) in voxels.enumerated() { position[v, default: []].append(k) }
        try forEachBlock(run, options: options) { start, y in
            let inBlock = (start..<(start + y.columns)).filter { position[$0] != nil }
            guard !inBlock.isEmpty else { return }
            let fit = try fitter.fit(y, keepResiduals: true)
            let r = fit.residuals!
            for v in inBlock { for k in position[v]! { for t in 0..<run.volumes { out[t, k] = Float(r[t, v - start]) } } }
        }
        return (out, fitter.ols.dofResiduals)
    }

    /// Calls `body(firstVoxel, Y)` for consecutive blocks: Y is frames x block (float64), scaled
    /// from the float32 data as nilearn scales them.
    static func forEachBlock(_ run: MaskedRun, options: GLMOptions, _ body: (Int, Matrix<Double>) throws -> Void) throws {
        let v = run.voxels
        let frameMeans = options.scaling == .frameMean ? SignalScaling.frameMeans(run) : []
        let size = Swift.max(1, options.blockSize)
        var start = 0
        while start < v {
            let w = Swift.min(size, v - start)
            try body(start, block(run, start: start, width: w, options: options, frameMeans: frameMeans))
            start += w
        }
    }

    /// Frames x `width` voxels from `start`, scaled from the float32 data as nilearn scales them.
    static func block(_ run: MaskedRun, start: Int, width w: Int, options: GLMOptions, frameMeans: [Float]) -> Matrix<Double> {
        let t = run.volumes, v = run.voxels
        var block = [Float]()
        block.reserveCapacity(t * w)
        run.data.withUnsafeBufferPointer { p in
            for s in 0..<t { block.append(contentsOf: UnsafeBufferPointer(start: p.baseAddress! + s * v + start, count: w)) }
        }
        SignalScaling.apply(options.scaling, block: &block, frames: t, width: w, frameMeans: frameMeans)
        return Matrix(rows: t, columns: w, elements: block.map { Double($0) })
    }
}

/// The first error raised by any worker.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }
    func set(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}

extension Array where Element == [Double] {
    /// Mutable pointers to every inner array, valid inside `body` (workers write disjoint
    /// elements, so no two threads touch one element).
    mutating func withPointers<R>(_ body: ([UnsafeMutablePointer<Double>]) throws -> R) rethrows -> R {
        var pointers: [UnsafeMutablePointer<Double>] = []
        for i in indices {
            let count = self[i].count
            let p = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(count, 1))
            self[i].withUnsafeBufferPointer { src in if let b = src.baseAddress { p.initialize(from: b, count: count) } }
            pointers.append(p)
        }
        defer {
            for (i, p) in pointers.enumerated() {
                let count = self[i].count
                self[i] = [Double](UnsafeBufferPointer(start: p, count: count))
                p.deallocate()
            }
        }
        return try body(pointers)
    }
}

extension FirstLevelGLM {
    /// Residuals per ROI for noise normalisation (rsatoolbox `prec_from_residuals`): `labels`
    /// gives each masked voxel's ROI (0 = none); returns, per non-zero label in ascending order,
    /// the residuals (frames x the ROI's voxels, masked order) and the residual dof `T - rank(X)`
    /// to pass as `dof` (rsatoolbox's default `n - 1` ignores the regressors).
    public static func residualsInROIs(run: MaskedRun, design: DesignMatrix, labels: [Int], options: GLMOptions) throws
        -> (rois: [(label: Int, voxels: [Int], residuals: Matrix<Float>)], dof: Int) {
        guard labels.count == run.voxels else {
            throw GLMError.invalidParameter("ROI labels: \(labels.count) values for \(run.voxels) masked voxels")
        }
        let ids = Array(Set(labels.filter { $0 != 0 })).sorted()
        let voxelsOf = ids.map { id in labels.indices.filter { labels[$0] == id } }
        let (all, dof) = try residuals(run: run, design: design, voxels: voxelsOf.flatMap { $0 }, options: options)
        var out: [(label: Int, voxels: [Int], residuals: Matrix<Float>)] = []
        var offset = 0
        for (id, vox) in zip(ids, voxelsOf) {
            let cols = Array(offset..<(offset + vox.count))
            out.append((id, vox, all.columns(cols)))
            offset += vox.count
        }
        return (out, dof)
    }
}
