import LinearAlgebra
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// One series' analysis: its plot, line histograms and measures.
public struct RecurrenceResult: Sendable {
    public let name: String
    public let plot: RecurrencePlot
    public let histograms: LineHistograms
    public let measures: RQAMeasures

    /// Plot, histograms and measures of one series.
    public init(series: [Double], settings: RecurrenceSettings, name: String = "0") throws {
        try self.init(series: series, settings: settings, name: name, workspace: RecurrenceWorkspace())
    }

    init(series: [Double], settings: RecurrenceSettings, name: String, workspace: RecurrenceWorkspace) throws {
        self.name = name
        plot = try RecurrencePlot(series: series, settings: settings, name: name, workspace: workspace)
        histograms = LineHistograms(plot: plot)
        measures = RQAMeasures(plot: plot, histograms: histograms)
    }
}

/// The batch entry point: recurrence plots and RQA of many series (ROIs) with the same settings,
/// in parallel over series (`DispatchQueue.concurrentPerform`, one worker per core, each with
/// reused scratch memory: a row of distances and the few percent of entries near a
/// recurrence-rate threshold; plots under 65,536 upper entries store their distances for the
/// selection). Each result keeps its bit-packed plot (N^2 / 8 bytes).
public enum RecurrenceAnalysis {
    /// Results in the order of `series`; `names` label them (default "0", "1", ...). The first
    /// failing series' error is thrown (all series are checked before any work is done).
    public static func run(series: [[Double]], names: [String]? = nil, settings: RecurrenceSettings) throws -> [RecurrenceResult] {
        try settings.validate()
        let labels = names ?? series.indices.map(String.init)
        guard labels.count == series.count else {
            throw RecurrenceError.invalidParameter(name: "series names", value: "\(labels.count)", allowed: "need one name per series (\(series.count))")
        }
        // validate() checked that the minimum length does not overflow
        let needed = RecurrenceSettings.minimumLength(dimension: settings.dimension, delay: settings.delay) ?? Int.max
        // cheap checks first, so bad input fails before minutes of work
        for (s, name) in zip(series, labels) {
            if s.count < needed {
                throw RecurrenceError.seriesTooShort(series: name, length: s.count, dimension: settings.dimension, delay: settings.delay)
            }
            if let bad = s.firstIndex(where: { !$0.isFinite }) { throw RecurrenceError.nonFinite(series: name, index: bad) }
        }
        let slots = ResultSlots(count: series.count)
        // one worker per core, each striding over the series with its own scratch memory
        let workers = Swift.max(1, Swift.min(series.count, processorCount()))
        BLASThreads.concurrentPerform(iterations: workers) { t in
            let workspace = RecurrenceWorkspace()
            for k in stride(from: t, to: series.count, by: workers) {
                slots.store(k, Result { try RecurrenceResult(series: series[k], settings: settings, name: labels[k], workspace: workspace) })
            }
        }
        return try slots.values.map { try $0!.get() }
    }

    /// All plots stacked as one `count x N x N` uint8 array (R_ij as 0/1), row-major, ready for
    /// an image classifier (`numpy.load` gives shape `(ROIs, N, N)`). All plots must have the
    /// same `N` (the same series length and embedding guarantee it).
    public static func stack(_ results: [RecurrenceResult]) -> (shape: [Int], bytes: [UInt8]) {
        guard let n = results.first?.plot.count else { return ([0, 0, 0], []) }
        precondition(results.allSatisfy { $0.plot.count == n }, "RecurrenceAnalysis.stack: plots differ in size")
        let bytes = [UInt8](unsafeUninitializedCapacity: results.count * n * n) { buf, initialised in
            BLASThreads.concurrentPerform(iterations: results.count) { k in
                results[k].plot.matrix.writeBytes(into: buf.baseAddress! + k * n * n)
            }
            initialised = results.count * n * n
        }
        return ([results.count, n, n], bytes)
    }
}

/// Online processors (sysconf), so the module needs no Foundation.
private func processorCount() -> Int {
    #if canImport(Glibc)
    return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
    return 2
    #endif
}

/// Per-index result slots written from concurrent iterations (each index exactly once).
private final class ResultSlots: @unchecked Sendable {
    private(set) var values: [Result<RecurrenceResult, Error>?]
    private let lock = NSLockLike()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func store(_ k: Int, _ r: Result<RecurrenceResult, Error>) { lock.withLock { values[k] = r } }
}

/// A minimal mutex over `DispatchSemaphore` (keeps the module free of Foundation).
private final class NSLockLike: @unchecked Sendable {
    private let s = DispatchSemaphore(value: 1)
    func withLock<T>(_ body: () throws -> T) rethrows -> T { s.wait(); defer { s.signal() }; return try body() }
}
