// A correlation RDM from four conditions' patterns with NeuroRep's RSA library, printed as a
// square matrix. Every stage module is imported to prove each is a product another package can use.
import ArrayFiles
import AtomicFiles
import Connectivity
import Figures
import FMRIWorkflow
import GLM
import Graphs
import LinearAlgebra
import NIfTI
import Pipeline
import Provenance
import Recurrence
import Report
import ROIExtraction
import RSA
import ShapeMetrics
import Signal
import VoxelGraph

// one run, four conditions, three channels: b is a reversed, d a doubled
let patterns = try PatternSet(runs: 1, conditions: 4, channels: 3, values: [
    1, 2, 3,  // a
    3, 2, 1,  // b
    1, 2, 4,  // c
    2, 4, 6,  // d
], conditionNames: ["a", "b", "c", "d"])
let rdm = try RDMCalculator.compute(patterns, method: .correlation)  // 1 - Pearson r

print("correlation RDM (1 - r), conditions a b c d:")
for i in 0..<rdm.conditions {
    // rounded to the printed digits first, so a difference of 1e-16 below zero prints as 0.0000, not -0.0000
    print((0..<rdm.conditions).map { j in String(format: "%7.4f", ((rdm[i, j] * 1e4).rounded() / 1e4) + 0) }.joined(separator: " "))
}
