import Foundation

/// Haemodynamic response models of nilearn 0.14.1 (`glm/first_level/hemodynamic_models.py`).
///
/// `glover` and `spm` are differences of two gamma densities over 32 s sampled every
/// `TR / oversampling` seconds and normalised to sum 1; `+ derivative` adds the finite-difference
/// time derivative (onset shifted by 0.1 s), `+ derivative + dispersion` also the dispersion
/// derivative (dispersion + 0.01). `fir` gives one box of one TR per delay (in scans).
public enum HRFModel: Sendable, Equatable {
    case glover, spm
    case gloverDerivative, spmDerivative
    case gloverDerivativeDispersion, spmDerivativeDispersion
    case fir(delays: [Int])

    /// nilearn's `hrf_model` string ("glover", "spm + derivative", "fir", ...).
    public var name: String {
        switch self {
        case .glover: return "glover"
        case .spm: return "spm"
        case .gloverDerivative: return "glover + derivative"
        case .spmDerivative: return "spm + derivative"
        case .gloverDerivativeDispersion: return "glover + derivative + dispersion"
        case .spmDerivativeDispersion: return "spm + derivative + dispersion"
        case .fir: return "fir"
        }
    }

    /// Every name `init(name:)` accepts (nilearn's `hrf_model` values).
    public static let names = ["glover", "spm", "glover + derivative", "spm + derivative",
                               "glover + derivative + dispersion", "spm + derivative + dispersion", "fir"]

    /// Parses nilearn's names (case-insensitive); `fir` needs `firDelays`.
    public init(name: String, firDelays: [Int] = [0]) throws {
        switch name.lowercased().split(separator: " ").joined(separator: " ") {
        case "glover": self = .glover
        case "spm": self = .spm
        case "glover + derivative": self = .gloverDerivative
        case "spm + derivative": self = .spmDerivative
        case "glover + derivative + dispersion": self = .gloverDerivativeDispersion
        case "spm + derivative + dispersion": self = .spmDerivativeDispersion
        case "fir":
            guard !firDelays.isEmpty, firDelays.allSatisfy({ (0...10_000).contains($0) }), Set(firDelays).count == firDelays.count else {
                throw GLMError.invalidParameter("fir delays must be distinct numbers of scans between 0 and 10000, got \(firDelays)")
            }
            self = .fir(delays: firDelays)
        default:
            throw GLMError.invalidParameter("hrf must be one of glover, spm, 'glover + derivative', 'spm + derivative', 'glover + derivative + dispersion', 'spm + derivative + dispersion', fir; got '\(name)'")
        }
    }

    var isGlover: Bool { [.glover, .gloverDerivative, .gloverDerivativeDispersion].contains(self) }
    var isFIR: Bool { if case .fir = self { return true }; return false }

    /// The design columns that are a condition's own contrasts (the maps written per condition):
    /// its response regressor (derivative and dispersion columns only absorb timing and shape
    /// misfit), or with `fir`, which has no single response column, one per delay.
    public func conditionContrastColumns(_ condition: String) -> [String] {
        isFIR ? regressorNames(condition) : [condition]
    }

    /// Regressor names for a condition (`_regressor_names`).
    public func regressorNames(_ condition: String) -> [String] {
        switch self {
        case .glover, .spm: return [condition]
        case .gloverDerivative, .spmDerivative: return [condition, "\(condition)_derivative"]
        case .gloverDerivativeDispersion, .spmDerivativeDispersion:
            return [condition, "\(condition)_derivative", "\(condition)_dispersion"]
        case .fir(let d): return d.map { "\(condition)_delay_\($0)" }
        }
    }

    /// The kernels on the oversampled grid (`_hrf_kernel`).
    func kernels(repetitionTime tr: Double, oversampling: Int) -> [[Double]] {
        switch self {
        case .fir(let delays):
            return delays.map { f in [Double](repeating: 0, count: f * oversampling) + [Double](repeating: 1.0 / Double(oversampling), count: oversampling) }
        default:
            let p = isGlover ? GammaHRF.glover : GammaHRF.spm
            var k = [p.sampled(tr: tr, oversampling: oversampling, onset: 0)]
            if [.gloverDerivative, .spmDerivative, .gloverDerivativeDispersion, .spmDerivativeDispersion].contains(self) {
                // _generic_time_derivative: (h(onset) - h(onset + 0.1)) / 0.1
                let shifted = p.sampled(tr: tr, oversampling: oversampling, onset: 0.1)
                k.append(zip(k[0], shifted).map { 1.0 / 0.1 * ($0 - $1) })
            }
            if [.gloverDerivativeDispersion, .spmDerivativeDispersion].contains(self) {
                // _generic_dispersion_derivative: delay 6 and u_dispersion 1 (nilearn's defaults,
                // also for glover), undershoot/ratio/dispersion of the model, step 0.01.
                var a = p; a.delay = 6; a.undershootDispersion = 1
                var b = a; b.dispersion += 0.01
                let ha = a.sampled(tr: tr, oversampling: oversampling, onset: 0)
                let hb = b.sampled(tr: tr, oversampling: oversampling, onset: 0)
                k.append(zip(ha, hb).map { 1.0 / 0.01 * ($0 - $1) })
            }
            return k
        }
    }
}

/// Parameters of `_gamma_difference_hrf`.
struct GammaHRF {
    var delay: Double
    var undershoot: Double
    var dispersion: Double
    var undershootDispersion: Double
    var ratio: Double
    var timeLength = 32.0

    static let spm = GammaHRF(delay: 6, undershoot: 16, dispersion: 1, undershootDispersion: 1, ratio: 0.167)
    static let glover = GammaHRF(delay: 6, undershoot: 12, dispersion: 0.9, undershootDispersion: 0.9, ratio: 0.48)

    /// `np.linspace(0, time_length, rint(time_length / dt))` shifted by `onset`; the two gamma
    /// densities (shape delay/dispersion, location dt, scale dispersion); difference over its sum.
    func sampled(tr: Double, oversampling: Int, onset: Double) -> [Double] {
        let dt = tr / Double(oversampling)
        let n = Int((timeLength / dt).rounded(.toNearestOrEven))
        let stamps = Linspace.values(0, timeLength, n).map { $0 - onset }
        var h = stamps.map { t in
            gammaPDF(t, shape: delay / dispersion, location: dt, scale: dispersion)
                - ratio * gammaPDF(t, shape: undershoot / undershootDispersion, location: dt, scale: undershootDispersion)
        }
        let s = h.reduce(0, +)
        for i in h.indices { h[i] /= s }
        return h
    }

    /// scipy.stats.gamma.pdf: `exp(xlogy(a - 1, x) - x - gammaln(a)) / scale`, x = (t - loc) / scale.
    func gammaPDF(_ t: Double, shape a: Double, location: Double, scale: Double) -> Double {
        let x = (t - location) / scale
        if x < 0 { return 0 }
        let xlogy = (a - 1 == 0) ? 0 : (a - 1) * log(x)
        return exp(xlogy - x - lgamma(a)) / scale
    }
}

/// `numpy.linspace(start, stop, num)` exactly: `arange(num) * step + start`, last = stop.
enum Linspace {
    static func values(_ start: Double, _ stop: Double, _ num: Int) -> [Double] {
        guard num > 0 else { return [] }
        guard num > 1 else { return [start] }
        let step = (stop - start) / Double(num - 1)
        var y = (0..<num).map { Double($0) * step + start }
        y[num - 1] = stop
        return y
    }
}
