import ArrayFiles
import Foundation
import LinearAlgebra

extension SampleStudy {
    /// Dropout passes per condition of `activations/netAdropout.npz`: as many as the task has
    /// trials per condition, so both stochastic metrics (energy needs equal counts) can compare them.
    static let dropoutPasses = 8
    /// The dropout rate (inverted dropout: kept units scaled by 1 / (1 - rate)).
    static let dropoutRate = 0.2

    /// netA evaluated with dropout: every layer as a `conditions x passes x units` float32 array
    /// (the samples axis second; layer1's 4x4xC map flattened to units in C order), each pass a
    /// fresh Bernoulli mask on the layer's units, `a * mask / (1 - rate)`, so the passes' mean
    /// is netA's deterministic activation. Drawn from the seed's own stream 1, so adding this
    /// file left every other file of the study byte-identical.
    func writeDropoutPasses(_ netA: [(name: String, values: [[Float]])]) throws {
        var rng = SeededGenerator(seed: seed, stream: 1)
        let keep = 1 - Self.dropoutRate
        var arrays: [(String, NPYArray)] = []
        for (name, rows) in netA {
            let units = rows[0].count
            var v: [Float] = []
            v.reserveCapacity(rows.count * Self.dropoutPasses * units)
            for row in rows {
                for _ in 0..<Self.dropoutPasses {
                    for u in 0..<units { v.append(rng.uniform() < keep ? Float(Double(row[u]) / keep) : 0) }
                }
            }
            arrays.append((name, NPYArray(shape: [rows.count, Self.dropoutPasses, units], floats: v)))
        }
        try NPZ.write(arrays, to: "\(root)/activations/netAdropout.npz")
    }
}
