import FMRIWorkflow
import Foundation

/// Where the pipeline writes, as a BIDS-derivatives dataset:
/// `sub-<label>[/ses-<label>]/func/` for per-run outputs, `sub-<label>/rsa/` for the subject's
/// representational analyses, `networks/` for the layer RDMs, `group/` for the group stage.
public struct OutputLayout: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    /// The folder of a run's outputs: `sub-X[/ses-Y]/func`.
    public func funcFolder(for run: BOLDRun) -> String {
        var p = "\(root)/sub-\(run.subject)"
        if let ses = run.entities.value("ses") { p += "/ses-\(ses)" }
        return p + "/func"
    }

    /// `sub-X/<kind>` for subject-level analyses that are not per run.
    public func subjectFolder(_ subject: String, _ kind: String) -> String { "\(root)/sub-\(subject)/\(kind)" }

    public var networksFolder: String { "\(root)/networks" }
    public var groupFolder: String { "\(root)/group" }
    /// The folder of the run's own state: the ledger and the staging folders.
    public static let stateFolderName = ".neurorep"
    /// Where units stage their files before committing them (one folder per unit, named after
    /// its process; see `StagingOwner`).
    public var stagingFolder: String { "\(root)/\(Self.stateFolderName)/staging" }

    /// A path relative to the root (what the ledger records).
    public func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// The output prefix of a run (`sub-X[_ses-Y][_task-Z][_run-W]`).
    public func prefix(for run: BOLDRun) -> String { run.entities.keptPrefix(fallbackStem: BIDSName.stem(of: run.bold)) }
}
