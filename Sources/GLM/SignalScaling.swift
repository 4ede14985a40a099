import Foundation
import LinearAlgebra

/// nilearn's `signal_scaling` (`mean_scaling`), applied in float32 exactly as numpy applies it
/// to the float32 masked data: Y <- 100 * (Y / max(mean, 1) - 1).
///
/// * `voxelMean` (0, default): each voxel over time; numpy sums axis 0 of the frames x voxels
///   array frame after frame in float32, so the mean is that sequential float32 sum over T.
/// * `frameMean` (1): each frame over the voxels; numpy sums the contiguous axis pairwise in
///   float32. nilearn 0.14.1 itself fails here (it divides (T, V) by (T,), which only broadcasts
///   when T == V); this is the documented intent, frame by frame.
/// * `none` (False): the data as they are.
public enum SignalScaling: String, Sendable, CaseIterable {
    case voxelMean = "0"
    case frameMean = "1"
    case none

    /// Per-frame means over all masked voxels (only for `frameMean`), from the whole run.
    static func frameMeans(_ run: MaskedRun) -> [Float] {
        (0..<run.volumes).map { t in
            run.data.withUnsafeBufferPointer { p in
                let s = NumPySummation.pairwiseSum(p.baseAddress! + t * run.voxels, run.voxels)
                return Swift.max(s / Float(run.voxels), 1)
            }
        }
    }

    /// Scales a block in place: `block` is frames x `width` (row-major) float32.
    static func apply(_ mode: SignalScaling, block: inout [Float], frames: Int, width: Int, frameMeans: [Float]) {
        switch mode {
        case .none: return
        case .voxelMean:
            var sums = [Float](repeating: 0, count: width)
            for t in 0..<frames { for j in 0..<width { sums[j] += block[t * width + j] } }
            let means = sums.map { Swift.max($0 / Float(frames), 1) }
            for t in 0..<frames { for j in 0..<width { block[t * width + j] = 100 * (block[t * width + j] / means[j] - 1) } }
        case .frameMean:
            for t in 0..<frames { let m = frameMeans[t]; for j in 0..<width { block[t * width + j] = 100 * (block[t * width + j] / m - 1) } }
        }
    }
}
