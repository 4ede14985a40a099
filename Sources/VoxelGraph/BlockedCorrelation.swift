import Dispatch
import Foundation
import LinearAlgebra

/// The correlations of every node pair a < b, computed block by block as products of the
/// normalised series through BLAS (gemm: C = Z_I Z_J' for a block of rows I and a block of
/// columns J >= I), so at most one `blockSize` x `blockSize` block of the N x N matrix exists
/// at a time. The rows are float64 (`series.z`) or their float32 copy, which
/// `VoxelGraphBuilder` uses only as a filter before deciding in float64.
struct BlockedCorrelation {
    let series: NormalizedVoxelSeries
    /// Rows and columns per block (2048: a 32 MB block).
    var blockSize = 2048
    /// Parts a block's rows are split into for scanning, several per core: `concurrentPerform`
    /// hands them out as cores free up, so a core slowed by other work does not hold up the
    /// block (the machine is often shared).
    var threads = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `visit(slot, a, bStart, values)` for every node a and runs of partners
    /// b = bStart ..< bStart + values.count, all b > a, with values[k] = r(a, bStart + k).
    /// Within one block, different rows go to different threads: `slot` (0 ..< threads) says
    /// which, so callers keep per-slot state. Rows are split among slots as contiguous ranges,
    /// and a block row finishes (every column block, in ascending order) before
    /// `endOfBlockRow(rows)` is called on the calling thread. Returns the seconds spent in the
    /// products themselves (the floor of the whole computation).
    @discardableResult
    func forEachPairRun(_ visit: (Int, Int, Int, UnsafeBufferPointer<Double>) -> Void,
                        endOfBlockRow: (Range<Int>) -> Void) -> Double {
        forEachPairRun(series.z, visit, endOfBlockRow: endOfBlockRow)
    }

    /// The same over rows `z` in any precision (`series.z` converted to Float for the
    /// single-precision filter of `VoxelGraphBuilder`).
    func forEachPairRun<S: LAPACKScalar>(_ zRows: [S], _ visit: (Int, Int, Int, UnsafeBufferPointer<S>) -> Void,
                                          endOfBlockRow: (Range<Int>) -> Void) -> Double {
        let n = series.count, t = series.length
        guard n >= 2 else { if n == 1 { endOfBlockRow(0..<1) }; return 0 }
        var productSeconds = 0.0
        let b = Swift.max(1, blockSize)
        var block = [S](repeating: 0, count: Swift.min(b, n) * Swift.min(b, n))
        zRows.withUnsafeBufferPointer { z in
            block.withUnsafeMutableBufferPointer { c in
                var i0 = 0
                while i0 < n {
                    let bi = Swift.min(b, n - i0)
                    var j0 = i0
                    while j0 < n {
                        let bj = Swift.min(b, n - j0)
                        let started = DispatchTime.now().uptimeNanoseconds
                        if t > 0 {
                            S.gemm(false, true, Int32(bi), Int32(bj), Int32(t), 1, z.baseAddress! + i0 * t, Int32(t),
                                        z.baseAddress! + j0 * t, Int32(t), 0, c.baseAddress!, Int32(bj))
                        } else {
                            for k in 0..<(bi * bj) { c[k] = 0 }
                        }
                        productSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                        let slots = Swift.min(threads, bi)
                        let cBase = UnsafePointer(c.baseAddress!)
                        DispatchQueue.concurrentPerform(iterations: slots) { slot in
                            let lo = bi * slot / slots, hi = bi * (slot + 1) / slots
                            for r in lo..<hi {
                                let a = i0 + r
                                let start = j0 == i0 ? a + 1 : j0
                                let end = j0 + bj
                                if start >= end { continue }
                                visit(slot, a, start, UnsafeBufferPointer(start: cBase + r * bj + (start - j0), count: end - start))
                            }
                        }
                        j0 += bj
                    }
                    endOfBlockRow(i0..<(i0 + bi))
                    i0 += bi
                }
            }
        }
        return productSeconds
    }
}
