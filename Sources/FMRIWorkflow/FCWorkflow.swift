import Connectivity
import Dispatch
import Foundation
import LinearAlgebra
import NIfTI
import ROIExtraction
import Signal

/// The fMRI stage for one atlas over a set of BOLD runs: ROI time series (one streaming pass
/// per run), `signal.clean`, and connectivity over all runs (tangent is a group kind). Used by
/// `neurorep timeseries`, `neurorep connectivity` and pipeline configs; `FCExport` writes the
/// results.
public enum FCWorkflow {
    /// Extracts and cleans every run. Nothing is written. Throws on the first bad input,
    /// naming the file.
    /// `concurrentRuns`: how many runs are extracted at once (default: the number of cores).
    public static func timeSeries(boldPaths: [String], parameters: FCParameters,
                                  concurrentRuns: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [RunTimeSeries] {
        guard !boldPaths.isEmpty else { throw FMRIWorkflowError.invalidParameter("no BOLD file given") }
        if !parameters.confoundsPaths.isEmpty && parameters.confoundsPaths.count != boldPaths.count {
            throw FMRIWorkflowError.invalidParameter("\(parameters.confoundsPaths.count) confounds file(s) for \(boldPaths.count) BOLD file(s): give one confounds TSV per BOLD run, in the same order")
        }
        if parameters.confoundsPaths.isEmpty && (parameters.confoundColumns != nil || parameters.confoundStrategy != nil || parameters.fdThreshold != nil) {
            throw FMRIWorkflowError.invalidParameter("confound columns, a confound strategy or an FD threshold need --confounds files")
        }
        let extractor = try RegionExtractor(parameters: parameters)
        // Runs are independent (each is one streaming pass, inflate-bound): extract them on up to
        // `concurrentRuns` threads; results and the first error are taken in input order.
        var results = [Result<RunTimeSeries, Error>?](repeating: nil, count: boldPaths.count)
        let lock = NSLock()
        let workers = max(1, min(concurrentRuns, boldPaths.count))
        var next = 0
        BLASThreads.concurrentPerform(iterations: workers) { _ in
            while true {
                lock.lock(); let r = next; next += 1; lock.unlock()
                guard r < boldPaths.count else { return }
                let result = Result {
                    try run(bold: boldPaths[r], confounds: parameters.confoundsPaths.isEmpty ? nil : parameters.confoundsPaths[r],
                            extractor: extractor, parameters: parameters)
                }
                lock.lock(); results[r] = result; lock.unlock()
            }
        }
        let runs = try results.map { try $0!.get() }
        if runs.count > 1 {
            let names = runs[0].extraction.names
            for r in runs.dropFirst() where r.extraction.names != names {
                throw FMRIWorkflowError.badInput(path: r.boldPath, detail: "its regions (\(r.extraction.regions)) differ from those of \(runs[0].boldPath) (\(runs[0].extraction.regions)): some labels were lost on one grid; use --lost-labels nan to keep every atlas label as a column")
            }
        }
        return runs
    }

    /// One run: extract, load confounds, clean.
    static func run(bold: String, confounds: String?, extractor: RegionExtractor, parameters: FCParameters) throws -> RunTimeSeries {
        let image = try NIfTIImage(path: bold)
        var warnings: [String] = []
        let bids = BIDSName(path: bold)
        if !bids.hasSubject {
            warnings.append("\(bold): no sub-<label> entity in the file name; outputs use sub-\(BIDSName.label(from: BIDSName.stem(of: bold)))")
        }
        // Repetition time: the option, else the header's.
        var options = parameters.cleaning
        let trSource: String
        if options.repetitionTime != nil {
            trSource = parameters.repetitionTimeSource
        } else {
            let header = image.header.repetitionTimeForCleaning(path: bold)
            options.repetitionTime = header.seconds
            trSource = "header"
            warnings += [header.warning].compactMap { $0 }
        }
        let extraction = try extractor.extract(image)
        warnings += extraction.warnings
        let n = extraction.volumes
        let signals = Matrix<Double>(rows: n, columns: extraction.regions, elements: extraction.values)
        var confoundMatrix: Matrix<Double>? = nil
        var sampleMask: [Int]? = nil
        var confoundNames: [String] = []
        if let path = confounds {
            let c = try RunConfounds.load(path: path, volumes: n, parameters: parameters)
            confoundMatrix = c.matrix
            sampleMask = c.sampleMask
            confoundNames = c.columns
            warnings += c.warnings
        }
        let cleaned: CleanedSignals
        do {
            cleaned = try SignalCleaning.clean(signals, confounds: confoundMatrix, sampleMask: sampleMask, options: options)
        } catch {
            throw FMRIWorkflowError.badInput(path: bold, detail: "signal cleaning failed: \(error)")
        }
        warnings += cleaned.warnings.map { "\(bold): \($0)" }
        for c in cleaned.zeroVarianceColumns where !extraction.nanColumns.contains(c) {
            warnings.append("\(bold): region \(extraction.names[c]) is constant after cleaning")
        }
        return RunTimeSeries(boldPath: bold, prefix: bids.keptPrefix(fallbackStem: BIDSName.stem(of: bold)),
                             extraction: extraction, cleaned: cleaned.signals, keptVolumes: cleaned.keptVolumes,
                             removedVolumes: cleaned.removedVolumes, repetitionTime: options.repetitionTime,
                             repetitionTimeSource: trSource, confoundColumns: confoundNames, confoundsPath: confounds,
                             warnings: warnings)
    }

    /// One connectivity kind over all runs (tangent's reference is the geometric mean over them).
    public struct KindResult: Sendable {
        public let kind: ConnectivityKind
        public let result: ConnectivityMeasure.Result
    }

    /// Computes each requested kind over all runs.
    public static func connectivity(runs: [RunTimeSeries], parameters: FCParameters) throws -> [KindResult] {
        guard !parameters.kinds.isEmpty else { throw FMRIWorkflowError.invalidParameter("--kind: give at least one connectivity kind") }
        if parameters.kinds.contains(.tangent) && runs.count < 2 {
            throw FMRIWorkflowError.invalidParameter("--kind tangent is a group kind: give at least two --bold runs (it measures each run's deviation from the group's geometric mean)")
        }
        return try parameters.kinds.map { kind in
            let measure = ConnectivityMeasure(kind: kind, estimator: parameters.estimator, standardize: true,
                                              fisherZ: parameters.fisherZ && kind.isCorrelationLike)
            do {
                return KindResult(kind: kind, result: try measure.fitTransform(runs.map(\.cleaned)))
            } catch {
                throw FMRIWorkflowError.invalidParameter("connectivity kind \(kind.rawValue): \(error)")
            }
        }
    }
}

/// The masker for the atlas: a label masker for a 3D atlas, a maps masker for a 4D one.
struct RegionExtractor {
    let labels: LabelsMasker?
    let maps: MapsMasker?

    init(parameters p: FCParameters) throws {
        let header = try NIfTIImage(path: p.atlasPath).header
        let is4D = header.shape.count >= 4 && header.shape[3] > 1
        if is4D {
            if p.masker.strategy != .mean {
                throw FMRIWorkflowError.invalidParameter("\(p.atlasPath) is a 4D probabilistic atlas: its signals are least-squares fits (nilearn NiftiMapsMasker), so --strategy \(p.masker.strategy.rawValue) does not apply")
            }
            labels = nil
            maps = try MapsMasker(mapsPath: p.atlasPath, lookupPath: p.lookupPath, maskPath: p.maskPath,
                                  nonFinite: p.masker.nonFinite, minCoverage: p.masker.minCoverage)
        } else {
            labels = try LabelsMasker(atlasPath: p.atlasPath, lookupPath: p.lookupPath, maskPath: p.maskPath, options: p.masker)
            maps = nil
        }
    }

    func extract(_ bold: NIfTIImage) throws -> ROITimeSeries {
        if let l = labels { return try l.extract(bold: bold) }
        return try maps!.extract(bold: bold)
    }
}
