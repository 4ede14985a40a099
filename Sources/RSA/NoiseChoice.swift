import ArrayFiles
import LinearAlgebra

/// The noise model of a Mahalanobis or crossnobis RDM, as `neurorep rdm` chooses it (one policy
/// for every caller): a precision matrix from a file; else one estimated from residuals (with
/// `estimator`, default `shrinkage_diag`); else from the measurements themselves (`estimator`,
/// default `shrinkage_diag` with two runs or more, none with one run). Other methods use none.
public enum NoiseChoice {
    /// The noise model (nil: identity) and how it was obtained, for the provenance record.
    public static func resolve(method: RDMMethod, patterns x: PatternSet, precisionFile: String?, residualsFile: String?,
                               estimator: String?) throws -> (model: NoiseModel?, description: String) {
        guard method == .mahalanobis || method == .crossnobis else { return (nil, "none") }
        if let np = precisionFile {
            let a = try NPY.read(np)
            guard a.shape == [x.channels, x.channels] else { throw RSAError(np, "noise precision is \(a.shape), patterns have \(x.channels) channels") }
            return (.full(Matrix(rows: x.channels, columns: x.channels, elements: a.doubles)), "file")
        }
        if let rp = residualsFile {
            let a = try NPY.read(rp)
            guard a.shape.count == 2, a.shape[1] == x.channels else { throw RSAError(rp, "residuals must be n x \(x.channels), got \(a.shape)") }
            let est = try parse(estimator ?? NoiseEstimator.shrinkageDiag.rawValue)
            return (.full(try NoisePrecision.fromResiduals(Matrix(rows: a.shape[0], columns: a.shape[1], elements: a.doubles), method: est)),
                    "residuals, \(est.rawValue)")
        }
        let name = estimator ?? (x.runs >= 2 ? NoiseEstimator.shrinkageDiag.rawValue : "none")
        if name == "none" { return (nil, "none") }
        let est = try parse(name)
        return (.full(try NoisePrecision.fromMeasurements(x, method: est)), "measurements, \(est.rawValue)")
    }

    static func parse(_ name: String) throws -> NoiseEstimator {
        guard let e = NoiseEstimator(rawValue: name) else {
            throw RSAError("noise", "'\(name)' is not one of \(NoiseEstimator.allCases.map(\.rawValue).joined(separator: ", ")), none")
        }
        return e
    }
}
