import Foundation
import LinearAlgebra
@testable import VoxelGraph

/// A brute-force voxel graph held dense, computed here in double precision by the textbook
/// formulas, independently of the library's blocked BLAS code: Pearson r by sums over time,
/// edges by scanning all pairs (density by sorting every pair), triangles by a triple loop,
/// centralities by LAPACK's dense symmetric eigendecomposition.
struct DenseReference {
    let n: Int
    let r: [[Double]]
    var adjacency: [[Bool]]
    var weights: [[Double]]

    /// `series[a]` is voxel a's raw series.
    init(series: [[Double]], coordinates: [Double], rule: EdgeRule) {
        n = series.count
        var r = [[Double]](repeating: [Double](repeating: 0, count: series.count), count: series.count)
        for a in 0..<n { for b in 0..<n { r[a][b] = Self.pearson(series[a], series[b]) } }
        self.r = r
        adjacency = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        weights = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        func key(_ v: Double) -> Double { rule.sign == .absolute ? abs(v) : v }
        func excluded(_ a: Int, _ b: Int) -> Bool {
            guard let rad = rule.excludeRadius else { return false }
            var d2 = 0.0
            for c in 0..<3 { let d = coordinates[3 * a + c] - coordinates[3 * b + c]; d2 += d * d }
            return d2.squareRoot() < rad
        }
        var chosen: [(Int, Int)] = []
        switch rule.selection {
        case .threshold(let t):
            for a in 0..<n { for b in (a + 1)..<max(a + 1, n) where key(r[a][b]) > t && !excluded(a, b) { chosen.append((a, b)) } }
        case .density(let d):
            var pairs: [(Double, Int, Int)] = []
            for a in 0..<n { for b in (a + 1)..<max(a + 1, n) where !excluded(a, b) { pairs.append((key(r[a][b]), a, b)) } }
            pairs.sort { x, y in x.0 != y.0 ? x.0 > y.0 : (x.1 != y.1 ? x.1 < y.1 : x.2 < y.2) }
            let k = Int(floor(d * Double(pairs.count) + 0.5))
            chosen = pairs.prefix(k).map { ($0.1, $0.2) }
        }
        for (a, b) in chosen {
            adjacency[a][b] = true; adjacency[b][a] = true
            weights[a][b] = r[a][b]; weights[b][a] = r[a][b]
        }
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let t = Double(x.count)
        let mx = x.reduce(0, +) / t, my = y.reduce(0, +) / t
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    var degree: [Int] { adjacency.map { $0.filter { $0 }.count } }
    var strength: [Double] { weights.map { $0.reduce(0, +) } }

    var triangles: [Int] {
        var t = [Int](repeating: 0, count: n)
        for a in 0..<n { for b in 0..<n where adjacency[a][b] { for c in 0..<n where adjacency[a][c] && adjacency[b][c] { t[a] += 1 } } }
        return t.map { $0 / 2 }
    }

    var clustering: [Double] {
        let k = degree, t = triangles
        return (0..<n).map { k[$0] < 2 ? 0 : 2 * Double(t[$0]) / Double(k[$0] * (k[$0] - 1)) }
    }

    /// Top eigenvector of a dense symmetric matrix, positive sum, unit norm, negatives -> 0.
    static func topEigenvector(_ m: [[Double]]) throws -> [Double] {
        let n = m.count
        let e = try Matrix<Double>(rows: n, columns: n, elements: m.flatMap { $0 }).symmetricEigen()
        var v = (0..<n).map { e.vectors[$0, n - 1] }
        if v.reduce(0, +) < 0 { v = v.map { -$0 } }
        v = v.map { max(0, $0) }
        let nrm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / nrm }
    }

    func eigenvector() throws -> [Double] { try Self.topEigenvector(adjacency.map { $0.map { $0 ? 1.0 : 0.0 } }) }
    func ecm() throws -> [Double] { try Self.topEigenvector(r.map { $0.map { ($0 + 1) / 2 } }) }
}
