import Dispatch
import LinearAlgebra

/// The energy metric's cross term `f(Q) = mean_i mean_ab ||x_ia - y_ib Q||` (netrep's fit
/// loss) and its reweighted-Procrustes cross product, evaluated with BLAS on buffers that are
/// allocated once per fit.
///
/// Per condition i (rows a of X_i, b of Y_i):
///   1. `YQ_i = Y_i Q`;
///   2. `G = YQ_i X_i'` and, in place, the residual norms
///      `r_ba = sqrt(max(0, |y_b Q|^2 + |x_a|^2 - 2 G_ba))` (summed for f; |y_b Q| = |y_b|) and
///      the weights `W_ba = 1 / max(r_ba, 1e-12)`, i.e. netrep's `w^2 = 1 / max(sqrt(r), 1e-6)^2`;
///   3. `Z_i = W X_i`;
///   4. `C += Y_i' Z_i / pairs`: the weighted Procrustes cross product `sum_i Y_i' W' X_i`,
///      scaled like f so that it is also f's negative Euclidean gradient up to a term whose
///      Riemannian part vanishes (see `EnergyMetric.irlsThenLBFGS`).
/// Per-condition products keep the operands in cache: stacking all conditions into one
/// `Y Q` and one `Y' Z` product was 12% slower.
///
/// The conditions are split into `chunkCount` fixed blocks evaluated concurrently; each block
/// writes its own partial sums, which are added in block order, so the result does not depend
/// on scheduling or on the number of cores. On the 50 x 100 x 64 benchmark pair an IRLS step
/// (an evaluation and a polar factor) takes 4.95 ms of CPU here, 2.9 ms of wall time on two
/// cores, against 8.6 ms for the previous code, which built every step from fresh `Matrix`
/// values (generic allocations and subscripts per condition).
///
/// A class so that the work buffers are written through plain pointers; each fit owns its
/// own instance.
final class EnergyCrossTerm {
    static let chunkCount = 2
    let conditions: Int, samplesX: Int, samplesY: Int, units: Int
    let x: [Double], y: [Double]
    /// Per condition, `X_i'` (units x samples), so that `G = YQ_i X_i'` is a plain (nn) product:
    /// OpenBLAS took 26 us for it with a transposed operand, 17 us without.
    let xTransposed: [Double]
    let xNorms: [Double], yNorms: [Double]
    /// Condition ranges of the blocks.
    let chunks: [Range<Int>]
    /// Per block work buffers: one condition's `Y_i Q`, G and Z, the partial cross product
    /// and the partial residual sum.
    private let yq: UnsafeMutablePointer<Double>, g: UnsafeMutablePointer<Double>, z: UnsafeMutablePointer<Double>
    private let partialCross: UnsafeMutablePointer<Double>, partialSum: UnsafeMutablePointer<Double>

    init(_ px: EnergyMetric.Prepared, _ py: EnergyMetric.Prepared) {
        conditions = px.conditions; samplesX = px.samples; samplesY = py.samples; units = px.units
        x = px.values; y = py.values
        var xt = [Double](repeating: 0, count: px.values.count)
        let sx = px.samples, n = px.units
        for i in 0..<px.conditions { for a in 0..<sx { for j in 0..<n { xt[i * sx * n + j * sx + a] = px.values[i * sx * n + a * n + j] } } }
        xTransposed = xt
        xNorms = px.rowSquaredNorms; yNorms = py.rowSquaredNorms
        let k = Swift.min(Self.chunkCount, px.conditions), m = px.conditions
        chunks = (0..<k).map { c in (c * m / k)..<((c + 1) * m / k) }
        yq = .allocate(capacity: k * py.samples * n)
        g = .allocate(capacity: k * px.samples * py.samples)
        z = .allocate(capacity: k * py.samples * n)
        partialCross = .allocate(capacity: k * n * n)
        partialSum = .allocate(capacity: k)
    }

    deinit {
        yq.deallocate(); g.deallocate(); z.deallocate(); partialCross.deallocate(); partialSum.deallocate()
    }

    /// Number of (a, b) pairs over all conditions.
    var pairs: Int { conditions * samplesX * samplesY }

    /// f(Q), and `C(Q) = sum_i Y_i' W_i' X_i / pairs` with weights from the residuals at Q.
    func evaluate(_ q: Matrix<Double>) -> (loss: Double, cross: Matrix<Double>) {
        let n = units, sx = samplesX, sy = samplesY, scale = 1 / Double(pairs)
        var cross = Matrix<Double>(rows: n, columns: n)
        x.withUnsafeBufferPointer { xp in
        xTransposed.withUnsafeBufferPointer { xtp in
        y.withUnsafeBufferPointer { yp in
        xNorms.withUnsafeBufferPointer { nx in
        yNorms.withUnsafeBufferPointer { ny in
        q.elements.withUnsafeBufferPointer { qp in
            let x0 = xp.baseAddress!, xt0 = xtp.baseAddress!, y0 = yp.baseAddress!, q0 = qp.baseAddress!, nx0 = nx.baseAddress!, ny0 = ny.baseAddress!
            BLASThreads.concurrentPerform(iterations: chunks.count) { c in
                let g0 = g + c * sx * sy, yq0 = yq + c * sy * n, z0 = z + c * sy * n, c0 = partialCross + c * n * n
                c0.initialize(repeating: 0, count: n * n)
                var sum = 0.0
                for i in chunks[c] {
                    let xi = x0 + i * sx * n, yi = y0 + i * sy * n
                    Double.gemm(false, false, Int32(sy), Int32(n), Int32(n), 1, yi, Int32(n), q0, Int32(n), 0, yq0, Int32(n))
                    Double.gemm(false, false, Int32(sy), Int32(sx), Int32(n), 1, yq0, Int32(n), xt0 + i * sx * n, Int32(sx), 0, g0, Int32(sx))
                    sum += Self.residualsToWeights(g0, rows: sy, columns: sx, rowNorms: ny0 + i * sy, columnNorms: nx0 + i * sx)
                    Double.gemm(false, false, Int32(sy), Int32(n), Int32(sx), 1, g0, Int32(sx), xi, Int32(n), 0, z0, Int32(n))
                    Double.gemm(true, false, Int32(n), Int32(n), Int32(sy), scale, yi, Int32(n), z0, Int32(n), 1, c0, Int32(n))
                }
                partialSum[c] = sum
            }
        } } } } } }
        var total = 0.0
        cross.elements.withUnsafeMutableBufferPointer { cp in
            for c in 0..<chunks.count {
                total += partialSum[c]
                let pc = partialCross + c * n * n
                for k in 0..<(n * n) { cp[k] += pc[k] }
            }
        }
        return (total * scale, cross)
    }

    /// Overwrites `G` (rows x columns, `G_ab = u_a . v_b`, with squared norms `|u_a|^2` in
    /// `rowNorms` and `|v_b|^2` in `columnNorms`) with the weights `1 / max(r_ab, 1e-12)`,
    /// `r_ab = sqrt(max(0, |u_a|^2 + |v_b|^2 - 2 G_ab)) = |u_a - v_b|`, and returns
    /// `sum_ab r_ab`. Three passes per row, each of which the compiler vectorises: about 0.85 ms
    /// per evaluation on the benchmark pair, against about 1.6 ms for a single scalar loop
    /// (whose running sum blocks vectorisation); explicit `SIMD8` code was no faster (its
    /// sqrt and select are scalarised for the baseline x86-64 target).
    static func residualsToWeights(_ g: UnsafeMutablePointer<Double>, rows: Int, columns: Int,
                                   rowNorms: UnsafePointer<Double>, columnNorms: UnsafePointer<Double>) -> Double {
        var total = 0.0
        for a in 0..<rows {
            let row = g + a * columns, na = rowNorms[a]
            for b in 0..<columns { row[b] = Swift.max(0, na + columnNorms[b] - 2 * row[b]).squareRoot() }
            total += PointDistances.sum(row, columns)
            for b in 0..<columns { row[b] = 1 / Swift.max(row[b], 1e-12) }
        }
        return total
    }
}
