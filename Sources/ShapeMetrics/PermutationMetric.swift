import LinearAlgebra

/// netrep's `PermutationMetric`: distance after column centring and the best matching of
/// units (the permutation P maximising `tr(P' Xc' Yc)`, `linear_sum_assignment(Xc' Yc,
/// maximize=True)`), with zero-padding of unequal widths. Ties between equally good
/// permutations may pick different matchings than scipy, with the same distance.
public struct PermutationMetric: ShapeMetric {
    public var score: ScoreMethod
    public var centerColumns: Bool
    public var zeroPad: Bool

    public init(score: ScoreMethod = .angular, centerColumns: Bool = true, zeroPad: Bool = true) {
        self.score = score
        self.centerColumns = centerColumns
        self.zeroPad = zeroPad
    }

    public struct Prepared: Sendable {
        public let label: String
        let mean: [Double]
        let centered: Matrix<Double>
    }

    public func prepare(_ r: ShapeRepresentation) throws -> Prepared {
        let x = r.conditionMatrix
        let mean = centerColumns ? x.columnMeans : [Double](repeating: 0, count: r.units)
        let centered = x.subtractingRow(mean)
        try score.checkDefined(centered: centered, data: x, label: r.label)
        return Prepared(label: r.label, mean: mean, centered: centered)
    }

    /// Distance; `objective` is the squared Frobenius distance of the matched matrices.
    public func compare(_ x: Prepared, _ y: Prepared, stream: Int = 0) throws -> ShapeDistance {
        let (a, bm, _) = try match(x, y)
        return ShapeDistance(distance: score.score(a, bm), objective: (a - bm).squaredNorm)
    }

    /// Fits the matching (netrep `PermutationMetric.fit`), to score held-out data.
    public func fit(_ xr: ShapeRepresentation, _ yr: ShapeRepresentation) throws -> FittedAlignment {
        let x = try prepare(xr), y = try prepare(yr)
        let (_, _, match) = try self.match(x, y)
        let n = match.count
        let wx = Matrix<Double>.identity(n).rows(0..<xr.units)
        var wy = Matrix<Double>(rows: n, columns: n)
        for (c, j) in match.enumerated() { wy[j, c] = 1 }  // column c of the result is column match[c] of Y
        return FittedAlignment(meanX: x.mean, meanY: y.mean, wx: wx, wy: wy.rows(0..<yr.units), score: score)
    }

    func match(_ x: Prepared, _ y: Prepared) throws -> (Matrix<Double>, Matrix<Double>, [Int]) {
        guard x.centered.rows == y.centered.rows else {
            throw ShapeMetricsError("\(x.label) has \(x.centered.rows) conditions, \(y.label) has \(y.centered.rows): representations must share their conditions")
        }
        guard zeroPad || x.centered.columns == y.centered.columns else {
            throw ShapeMetricsError("\(x.label) has \(x.centered.columns) units, \(y.label) has \(y.centered.columns) (enable zero padding to compare them)")
        }
        let n = Swift.max(x.centered.columns, y.centered.columns)
        let a = x.centered.zeroPadded(toColumns: n), b = y.centered.zeroPadded(toColumns: n)
        let match = LinearAssignment.solve(a.multiplied(by: b, transposeSelf: true), maximize: true)
        return (a, b.columns(match), match)
    }
}
