/// NumPy's pairwise summation (`pairwise_sum_DOUBLE` / `pairwise_sum_FLOAT` in
/// numpy/_core/src/umath/loops_utils.h: blocks of 128, eight partial sums, recursive halving on
/// multiples of 8, accumulators of the array's own type), which `np.sum` and `np.mean` use along
/// a contiguous axis.
///
/// Why: where a decision or a reference value depends on the last bits of a sum (Louvain compares
/// modularity gains against 1e-10; rsatoolbox's shrinkage intensity; image statistics checked at
/// 1e-12), summing in NumPy's order keeps NeuroRep's results identical to the peers'.
public enum NumPySummation {
    public static func pairwiseSum(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { $0.isEmpty ? 0 : pairwiseSum($0.baseAddress!, a.count) }
    }

    /// For float32 data the sums stay float32, as NumPy's do (the GLM's signal scaling matches
    /// nilearn bit for bit through this).
    @inlinable
    public static func pairwiseSum<T: BinaryFloatingPoint>(_ a: UnsafePointer<T>, _ n: Int) -> T {
        if n < 8 {
            var r: T = 0
            for i in 0..<n { r += a[i] }
            return r
        } else if n <= 128 {
            var r = (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7])
            var i = 8
            while i < n - (n % 8) {
                r.0 += a[i]; r.1 += a[i + 1]; r.2 += a[i + 2]; r.3 += a[i + 3]
                r.4 += a[i + 4]; r.5 += a[i + 5]; r.6 += a[i + 6]; r.7 += a[i + 7]
                i += 8
            }
            var res = ((r.0 + r.1) + (r.2 + r.3)) + ((r.4 + r.5) + (r.6 + r.7))
            while i < n { res += a[i]; i += 1 }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwiseSum(a, n2) + pairwiseSum(a + n2, n - n2)
        }
    }
}
