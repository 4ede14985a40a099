import FMRIWorkflow
import Foundation

extension PipelineConfig.Confounds {
    /// The selection every stage that regresses confounds applies (`timeseries`, `glm`): explicit
    /// columns, or load_confounds strategies with their options; the FD threshold censors when
    /// scrubbing is asked for or when no columns are named. One conversion, so the stages clean
    /// the same way for the same config.
    public struct Selection: Sendable {
        public var columns: [String]?
        public var strategy: [String]?
        public var fdThreshold: Double?
        public var strategyOptions: ConfoundStrategyOptions
    }

    /// `stage` names the config section in the error (`stages.timeseries.confounds`).
    public func selection(stage: String, file: String) throws -> Selection {
        do {
            let options = try ConfoundStrategyOptions.parse(motion: motion.rawValue, wmCSF: wmCSF.rawValue, globalSignal: globalSignal.rawValue,
                                                            compCor: compcor.rawValue, nCompCor: nCompcor,
                                                            stdDVARSThreshold: stdDVARSThreshold, scrubSegment: scrub)
            return Selection(columns: columns.isEmpty ? nil : columns, strategy: strategy.isEmpty ? nil : strategy,
                             fdThreshold: strategy.contains("scrub") || columns.isEmpty ? fdThreshold : nil, strategyOptions: options)
        } catch {
            throw ConfigError(file: file, position: nil, message: "'stages.\(stage).confounds': \(error)")
        }
    }
}
