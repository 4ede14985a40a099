import ArrayFiles
import Foundation

/// One event of a BIDS `events.tsv`: onset and duration in seconds, its condition
/// (`trial_type`) and amplitude (`modulation`, 1 when the file has no such column).
public struct Event: Sendable, Equatable {
    public var onset: Double
    public var duration: Double
    public var trialType: String
    public var modulation: Double
    /// Line of the file the event came from (header = line 1), for error messages.
    public var line: Int

    public init(onset: Double, duration: Double, trialType: String, modulation: Double = 1, line: Int = 0) {
        self.onset = onset; self.duration = duration; self.trialType = trialType; self.modulation = modulation; self.line = line
    }
}

/// The events of one run, read and checked as nilearn's `check_events` does, and stricter where
/// nilearn silently models something the user did not mean (see `validate(volumes:...)`).
///
/// Columns: `onset` and `duration` are required (numbers, no `n/a`); `trial_type` is optional
/// (nilearn: every event becomes condition `dummy`); `modulation` is optional (default 1).
/// Other columns are ignored, as in nilearn.
public struct EventsTable: Sendable, Equatable {
    public var path: String
    public var events: [Event]

    public init(path: String, events: [Event]) {
        self.path = path
        self.events = events
    }

    /// Reads and checks an events file (tab-separated; `.csv` is read comma-separated).
    public static func read(_ path: String) throws -> EventsTable {
        let table: DelimitedTable
        do { table = try DelimitedTable.read(path) }
        catch let e as ArrayFileError { throw GLMError.badInput(path: path, detail: e.detail) }
        catch { throw GLMError.badInput(path: path, detail: "\(error)") }
        for required in ["onset", "duration"] where !table.columns.contains(required) {
            throw GLMError.badEvent(path: path, row: 1, detail: "the header has no '\(required)' column (columns: \(table.columns.joined(separator: ", ")); BIDS events need onset and duration)")
        }
        // `columnIndex` refuses a header that names a column twice (which one is meant?).
        func index(_ name: String) throws -> Int? {
            guard table.columns.contains(name) else { return nil }
            do { return try table.columnIndex(name, file: path) }
            catch let e as ArrayFileError { throw GLMError.badEvent(path: path, row: 1, detail: e.detail) }
        }
        let on = try index("onset")!
        let du = try index("duration")!
        let tt = try index("trial_type")
        let mo = try index("modulation")
        var events: [Event] = []
        for (i, r) in table.rows.enumerated() {
            let line = i + 2
            func number(_ j: Int, _ name: String) throws -> Double {
                let t = r[j].trimmingCharacters(in: .whitespaces)
                guard let v = Double(t), v.isFinite else {
                    throw GLMError.badEvent(path: path, row: line, detail: "\(name) '\(r[j])' is not a finite number")
                }
                return v
            }
            let onset = try number(on, "onset")
            let duration = try number(du, "duration")
            guard duration >= 0 else {
                throw GLMError.badEvent(path: path, row: line, detail: "negative duration \(r[du]) s")
            }
            var type = "dummy"
            if let tt {
                type = r[tt].trimmingCharacters(in: .whitespaces)
                guard !type.isEmpty, type != DelimitedTable.missing else {
                    throw GLMError.badEvent(path: path, row: line, detail: "trial_type is empty ('\(r[tt])'); every event needs a condition")
                }
            }
            let modulation = try mo.map { try number($0, "modulation") } ?? 1
            events.append(Event(onset: onset, duration: duration, trialType: type, modulation: modulation, line: line))
        }
        guard !events.isEmpty else { throw GLMError.badInput(path: path, detail: "the events file has no events") }
        return EventsTable(path: path, events: events)
    }

    /// Conditions in nilearn's column order (`np.unique`: sorted by code point).
    public var conditions: [String] { Self.sortedUnique(events.map(\.trialType)) }

    static func sortedUnique(_ names: [String]) -> [String] {
        Array(Set(names)).sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes(Array($1.unicodeScalars.map(\.value))) }
    }

    /// Checks the events against the run: every onset inside the modelled window
    /// `[minOnset, volumes * TR)` (nilearn would silently move earlier onsets to the window's
    /// start and later ones to its end), and every condition with a non-zero amplitude (a
    /// condition whose regressor is zero makes the design singular).
    public func validate(volumes n: Int, repetitionTime tr: Double, minOnset: Double) throws {
        let end = Double(n) * tr
        for e in events {
            if e.onset < minOnset {
                throw GLMError.badEvent(path: path, row: e.line, detail: "onset \(e.onset) s is before the modelled window, which starts at \(minOnset) s (min_onset)")
            }
            if e.onset >= end {
                throw GLMError.badEvent(path: path, row: e.line, detail: "onset \(e.onset) s is after the end of the run (\(n) volumes x TR \(tr) s = \(end) s)")
            }
        }
        for c in conditions where events.allSatisfy({ $0.trialType != c || $0.modulation == 0 }) {
            let line = events.first { $0.trialType == c }?.line ?? 0
            throw GLMError.badEvent(path: path, row: line, detail: "condition '\(c)' has no event with a non-zero modulation, so its regressor is zero")
        }
    }
}
