import LinearAlgebra
import Dispatch
import Foundation

/// A contrast written as a linear expression over design columns, as nilearn's
/// `expression_to_contrast_vector` reads it through `pandas.eval`: a column name alone, or names
/// and numbers combined with `+ - * /` and parentheses ("face - house",
/// "0.5*chair + 0.5*shoe - face", "(a + b) / 2"). Products and quotients need a number on one
/// side (the result must stay linear in the columns).
public enum ContrastExpression {
    /// The contrast vector over `columns`.
    public static func vector(_ expression: String, columns: [String]) throws -> [Double] {
        if let i = columns.firstIndex(of: expression) {
            var v = [Double](repeating: 0, count: columns.count); v[i] = 1; return v
        }
        var parser = Parser(text: expression, columns: columns)
        let value = try parser.parseExpression()
        parser.skipSpaces()
        guard parser.atEnd else { throw parser.error("unexpected '\(parser.rest)'") }
        switch value {
        case .vector(let v): return try checked(v, expression: expression, columns: columns)
        case .scalar: throw GLMError.badContrast("contrast '\(expression)' names no design column (columns: \(columns.joined(separator: ", ")))")
        }
    }

    /// A contrast vector is usable only if every weight is finite and some weight is not 0:
    /// an infinite or NaN weight (`1e400*face`, `face/0`) would turn every map into inf/NaN,
    /// and an all-zero vector (`face - face`, `0*face`) has effect and variance 0 everywhere,
    /// which nilearn writes as t = 0, p = 0.5 maps that test nothing. Both are refused, naming
    /// the expression, rather than written as maps that look like results.
    static func checked(_ v: [Double], expression: String, columns: [String]) throws -> [Double] {
        if let j = v.firstIndex(where: { !$0.isFinite }) {
            throw GLMError.badContrast("contrast '\(expression)' gives column '\(columns[j])' the weight \(v[j]); every weight must be a finite number")
        }
        guard v.contains(where: { $0 != 0 }) else {
            throw GLMError.badContrast("contrast '\(expression)' weighs every design column 0 (the terms cancel), so it tests nothing; write a contrast with a non-zero weight")
        }
        return v
    }

    enum Value { case scalar(Double), vector([Double]) }

    struct Parser {
        let chars: [Character]
        let text: String
        let columns: [String]
        var pos = 0
        init(text: String, columns: [String]) { self.text = text; self.chars = Array(text); self.columns = columns }

        var atEnd: Bool { pos >= chars.count }
        var rest: String { String(chars[pos...]) }
        func error(_ what: String) -> GLMError {
            GLMError.badContrast("contrast '\(text)' is not valid: \(what) (available columns: \(columns.joined(separator: ", ")))")
        }
        mutating func skipSpaces() { while pos < chars.count && chars[pos].isWhitespace { pos += 1 } }

        mutating func parseExpression() throws -> Value {
            var left = try parseTerm()
            while true {
                skipSpaces()
                guard pos < chars.count, chars[pos] == "+" || chars[pos] == "-" else { return left }
                let op = chars[pos]; pos += 1
                let right = try parseTerm()
                left = try combine(left, right, sign: op == "+" ? 1 : -1)
            }
        }

        mutating func parseTerm() throws -> Value {
            var left = try parseFactor()
            while true {
                skipSpaces()
                guard pos < chars.count, chars[pos] == "*" || chars[pos] == "/" else { return left }
                let op = chars[pos]; pos += 1
                let right = try parseFactor()
                switch (left, right, op) {
                case (.scalar(let a), .scalar(let b), "*"): left = .scalar(a * b)
                case (.scalar(let a), .scalar(let b), _): left = .scalar(a / b)
                case (.scalar(let a), .vector(let v), "*"), (.vector(let v), .scalar(let a), "*"): left = .vector(v.map { a * $0 })
                case (.vector(let v), .scalar(let a), _): left = .vector(v.map { $0 / a })
                default: throw error("a product or quotient of two columns is not a linear contrast")
                }
            }
        }

        mutating func parseFactor() throws -> Value {
            skipSpaces()
            guard pos < chars.count else { throw error("it ends where a name or number was expected") }
            let c = chars[pos]
            if c == "+" || c == "-" {
                pos += 1
                let v = try parseFactor()
                if c == "+" { return v }
                switch v { case .scalar(let a): return .scalar(-a); case .vector(let x): return .vector(x.map { -$0 }) }
            }
            if c == "(" {
                pos += 1
                let v = try parseExpression()
                skipSpaces()
                guard pos < chars.count, chars[pos] == ")" else { throw error("missing ')'") }
                pos += 1
                return v
            }
            if c.isNumber || c == "." {
                let start = pos
                while pos < chars.count, chars[pos].isNumber || chars[pos] == "." || chars[pos] == "e" || chars[pos] == "E"
                        || ((chars[pos] == "-" || chars[pos] == "+") && pos > start && (chars[pos - 1] == "e" || chars[pos - 1] == "E")) { pos += 1 }
                guard let v = Double(String(chars[start..<pos])) else { throw error("'\(String(chars[start..<pos]))' is not a number") }
                return .scalar(v)
            }
            if c.isLetter || c == "_" {
                let start = pos
                while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" { pos += 1 }
                let name = String(chars[start..<pos])
                guard let i = columns.firstIndex(of: name) else { throw error("'\(name)' is not a design column") }
                var v = [Double](repeating: 0, count: columns.count); v[i] = 1
                return .vector(v)
            }
            throw error("unexpected '\(c)'")
        }

        func combine(_ a: Value, _ b: Value, sign: Double) throws -> Value {
            switch (a, b) {
            case (.scalar(let x), .scalar(let y)): return .scalar(x + sign * y)
            case (.vector(let x), .vector(let y)): return .vector(zip(x, y).map { $0 + sign * $1 })
            default: throw error("a number added to a column is not a linear contrast")
            }
        }
    }
}

/// The statistics of one t contrast over voxels, as nilearn's `Contrast` holds them.
public struct ContrastStatistics: Sendable, Equatable {
    public var effect: [Double]
    public var variance: [Double]
    public var dof: Double

    public init(effect: [Double], variance: [Double], dof: Double) {
        self.effect = effect; self.variance = variance; self.dof = dof
    }

    /// t = effect / sqrt(max(variance, 1e-50)) (`Contrast.stat`, tiny = 1e-50).
    public var t: [Double] { zip(effect, variance).map { $0 / Swift.max($1, 1e-50).squareRoot() } }
    /// p = t.sf(t, min(dof, 1e10)).
    public var p: [Double] { t.map { TDistribution.tails($0, dof: dof).sf } }
    /// nilearn's z score (see `TDistribution.zScore`).
    public var z: [Double] { t.map { TDistribution.zScore($0, dof: dof) } }
    /// t, p and z together (one incomplete-beta evaluation per voxel), over the cores in
    /// chunks (each voxel's value is independent of the chunking).
    public var tpz: (t: [Double], p: [Double], z: [Double]) {
        let tt = t
        let n = tt.count
        var p = [Double](repeating: 0, count: n), z = p
        let tails = TDistribution.Tails(dof: dof)
        let chunks = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 4096))
        p.withUnsafeMutableBufferPointer { pp in
            z.withUnsafeMutableBufferPointer { zp in
                let pBase = pp.baseAddress, zBase = zp.baseAddress
                BLASThreads.concurrentPerform(iterations: chunks) { c in
                    guard let pBase, let zBase else { return }
                    for i in Swift.stride(from: c * n / chunks, to: (c + 1) * n / chunks, by: 1) {
                        let tl = tails.at(tt[i])
                        pBase[i] = tl.sf
                        zBase[i] = TDistribution.zScore(tails: tl)
                    }
                }
            }
        }
        return (tt, p, z)
    }

    /// Fixed effects over runs as `compute_fixed_effect_contrast`: the runs' contrasts summed
    /// (effects, variances and dofs add), then scaled by 1/n (effect * s, variance * s^2).
    public static func fixedEffects(_ runs: [ContrastStatistics]) -> ContrastStatistics {
        guard var acc = runs.first else { return ContrastStatistics(effect: [], variance: [], dof: 0) }
        for r in runs.dropFirst() {
            acc.effect = zip(acc.effect, r.effect).map(+)
            acc.variance = zip(acc.variance, r.variance).map(+)
            acc.dof += r.dof
        }
        let s = 1.0 / Double(runs.count)
        acc.effect = acc.effect.map { $0 * s }
        acc.variance = acc.variance.map { $0 * (s * s) }
        return acc
    }
}
