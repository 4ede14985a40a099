import GLM
import ShapeMetrics

extension BetaSeries.Method: ConfigChoice {}
extension AlignmentGroup: ConfigChoice {}
extension PipelineConfig.StochasticShape.Widths: ConfigChoice {}
