import CLapack
import Dispatch
import Foundation
import LinearAlgebra

/// The correlations of every node pair a < b, computed block by block as products of the
/// normalised series through BLAS (C = Z_I Z_J' for a block of rows I and a block of columns
/// J > I by gemm, and the upper triangle of Z_I Z_I' by syrk on the diagonal, which halves the
/// diagonal blocks' work), so at most one `blockSize` x `blockSize` block of the N x N matrix
/// exists per worker at a time. The rows are float64 (`series.z`) or their float32 copy, which
/// `VoxelGraphBuilder` uses only as a filter before deciding in float64.
struct BlockedCorrelation {
    let series: NormalizedVoxelSeries
    /// Rows and columns per block (2048: a 32 MB block in float64, 16 MB in float32).
    var blockSize = 2048
    /// Workers: block rows are computed concurrently, one per core, each with its own block
    /// buffer and single-threaded BLAS. Measured on the shared 2-core machine, OpenBLAS's own
    /// threads (which spin while waiting) made the products of one block at a time take twice
    /// as long as two single-threaded products side by side, and this also overlaps each
    /// worker's scanning with the other's products.
    var threads = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// One product block: `values[r * columns.count + k]` = r(rows.lowerBound + r,
    /// columns.lowerBound + k). On the diagonal (rows == columns) only the strict upper
    /// triangle (k > r) holds correlations; a visitor must read nothing else.
    struct Block<S> {
        let rows: Range<Int>
        let columns: Range<Int>
        let values: UnsafePointer<S>
        var isDiagonal: Bool { rows.lowerBound == columns.lowerBound }

        /// The block's rows as runs of partners b > a: `visit(a, bStart, values)` with
        /// values[k] = r(a, bStart + k) (on the diagonal, only the strict upper triangle).
        @inline(__always) func forEachRun(_ visit: (Int, Int, UnsafeBufferPointer<S>) -> Void) {
            let width = columns.count
            for r in 0..<rows.count {
                let a = rows.lowerBound + r
                let start = isDiagonal ? a + 1 : columns.lowerBound
                let end = columns.upperBound
                if start >= end { continue }
                visit(a, start, UnsafeBufferPointer(start: values + r * width + (start - columns.lowerBound), count: end - start))
            }
        }
    }

    /// Calls `visit(slot, block)` for every block of pairs a < b. Block rows (`blockSize`
    /// nodes) go to workers as they free up; `slot` (0 ..< threads) names the worker, so
    /// callers keep per-slot state without locks. Within a block row the worker visits the
    /// column blocks in ascending order (the diagonal one first), then calls
    /// `endOfBlockRow(slot, blockRow, rows)` on its own thread. Returns the seconds spent in
    /// the products (summed over the workers, divided by their number: the products' share of
    /// wall time).
    func forEachBlock<S: LAPACKScalar>(_ zRows: [S], _ visit: (Int, Block<S>) -> Void,
                                        endOfBlockRow: (Int, Int, Range<Int>) -> Void) -> Double {
        let n = series.count, t = series.length
        guard n >= 2 else { if n == 1 { endOfBlockRow(0, 0, 0..<1) }; return 0 }
        let b = Swift.max(1, blockSize)
        let blockRows = (n + b - 1) / b
        let workers = Swift.max(1, Swift.min(threads, blockRows))
        let side = Swift.min(b, n)
        let buffers = UnsafeMutablePointer<S>.allocate(capacity: workers * side * side)
        defer { buffers.deallocate() }
        let seconds = UnsafeMutablePointer<Double>.allocate(capacity: workers)
        seconds.initialize(repeating: 0, count: workers)
        defer { seconds.deallocate() }
        var pool = Array(0..<workers)
        let lock = NSLock()
        let free = DispatchSemaphore(value: 0)   // raised to `workers` (see Triangles)
        for _ in 0..<workers { free.signal() }
        // NeuroRep's one parallel loop: OpenBLAS stays on one thread (LinearAlgebra's BLASThreads
        // policy), the workers take the cores.
        zRows.withUnsafeBufferPointer { z in
            BLASThreads.concurrentPerform(iterations: blockRows) { ib in
                free.wait()
                lock.lock(); let slot = pool.removeLast(); lock.unlock()
                defer { lock.lock(); pool.append(slot); lock.unlock(); free.signal() }
                let c = buffers + slot * side * side
                let i0 = ib * b, bi = Swift.min(b, n - i0)
                var j0 = i0
                while j0 < n {
                    let bj = Swift.min(b, n - j0)
                    let started = DispatchTime.now().uptimeNanoseconds
                    if t == 0 {
                        c.initialize(repeating: 0, count: bi * bj)
                    } else if j0 == i0 {
                        S.syrk(false, Int32(bi), Int32(t), 1, z.baseAddress! + i0 * t, Int32(t), 0, c, Int32(bj))
                    } else {
                        S.gemm(false, true, Int32(bi), Int32(bj), Int32(t), 1, z.baseAddress! + i0 * t, Int32(t),
                               z.baseAddress! + j0 * t, Int32(t), 0, c, Int32(bj))
                    }
                    seconds[slot] += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    visit(slot, Block(rows: i0..<(i0 + bi), columns: j0..<(j0 + bj), values: UnsafePointer(c)))
                    j0 += bj
                }
                endOfBlockRow(slot, ib, i0..<(i0 + bi))
            }
        }
        return (0..<workers).map { seconds[$0] }.reduce(0, +) / Double(workers)
    }

    /// Calls `visit(slot, a, bStart, values)` for every node a and runs of partners
    /// b = bStart ..< bStart + values.count, all b > a, with values[k] = r(a, bStart + k): the
    /// blocks of `forEachBlock` row by row (rows ascending within a block).
    @discardableResult
    func forEachPairRun<S: LAPACKScalar>(_ zRows: [S], _ visit: (Int, Int, Int, UnsafeBufferPointer<S>) -> Void,
                                          endOfBlockRow: (Int, Range<Int>) -> Void) -> Double {
        forEachBlock(zRows, { slot, block in
            block.forEachRun { a, start, values in visit(slot, a, start, values) }
        }, endOfBlockRow: { slot, _, rows in endOfBlockRow(slot, rows) })
    }

    /// The same over `series.z` (float64).
    @discardableResult
    func forEachPairRun(_ visit: (Int, Int, Int, UnsafeBufferPointer<Double>) -> Void,
                        endOfBlockRow: (Int, Range<Int>) -> Void) -> Double {
        forEachPairRun(series.z, visit, endOfBlockRow: endOfBlockRow)
    }
}
