/// A failure of the voxel-graph or seed-map stage. Every case names the file (or the option)
/// and says what is wrong in words a user can act on.
public struct VoxelGraphError: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        /// A mask with no voxel inside, or a mask that leaves no usable voxel.
        case emptyMask
        /// A mask or seed image whose grid differs from the BOLD run's.
        case gridMismatch
        /// An option out of its range (threshold, density, radius, label, coordinates).
        case invalidParameter
        /// A BOLD file that is not a 4D time series, or a seed whose series is constant.
        case badInput
        /// An iteration that did not reach its tolerance.
        case noConvergence
    }

    public let path: String
    public let kind: Kind
    public let detail: String

    public init(path: String, kind: Kind, detail: String) {
        self.path = path; self.kind = kind; self.detail = detail
    }

    /// An error about an option rather than a file.
    public static func parameter(_ option: String, _ detail: String) -> VoxelGraphError {
        VoxelGraphError(path: option, kind: .invalidParameter, detail: detail)
    }

    public var description: String { "\(path): \(detail)" }
}
