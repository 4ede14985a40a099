import Foundation

/// The one way NeuroRep writes results (pipeline steps and CLI commands alike).
///
/// A unit of work writes every file into its own staging folder, describes each output *stem*
/// with one provenance record, and `commit` then writes one sidecar per stem — `<stem>.json`,
/// listing every file of that stem with its SHA-256 and what it holds — and moves all files
/// into place. Until `commit` nothing is visible in the output folder; a unit killed before or
/// during `commit` leaves its staging folder behind, which the next run removes once the
/// process that owned it is gone (see `StagingOwner`), and a pipeline redoes the unit.
///
/// Refused, before anything is moved: a path outside `root` (names from configs such as
/// `../x`), two writes to one path, a data file nothing describes, and a data file whose path
/// is a sidecar's path (the sidecar would overwrite the data).
public final class OutputUnit {
    /// Every output must resolve inside this folder.
    public let root: String
    /// This unit's private staging folder (named after its owning process).
    public let stagingFolder: String
    private var files: [String] = []
    private var holds: [String: String] = [:]
    private var stems: [String: ProvenanceRecord] = [:]
    private var stemOrder: [String] = []
    /// Files a stem's sidecar lists although their names do not start with the stem.
    private var extraMembers: [String: String] = [:]
    private var finished = false
    /// The folders `init` created for the output (outermost first): a discarded unit removes
    /// them again while they are empty, so a refused command leaves no trace, not even an
    /// empty `--out` folder. `rmdir` removes only empty folders, so another unit's files keep
    /// theirs.
    private let createdFolders: [String]

    /// A hook for tests of interrupted runs: called after the first file of a commit is in
    /// place (a process that exits here leaves a half-committed unit, the worst case).
    nonisolated(unsafe) public static var midCommitHook: (() -> Void)?

    /// - Parameters:
    ///   - root: the output folder; every path written must resolve inside it.
    ///   - stagingParent: where the staging folder goes (default: `root` itself, as a hidden
    ///     `.neurorep-staging-*` folder). Must be on the same file system as `root`.
    public init(root: String, stagingParent: String? = nil) throws {
        let r = Self.normalized(root)
        self.root = r
        let parent = stagingParent.map(Self.normalized) ?? r
        var missing: [String] = []
        var folder = parent
        while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder) {
            missing.insert(folder, at: 0)
            folder = (folder as NSString).deletingLastPathComponent
        }
        createdFolders = missing
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputUnitError("\(parent): cannot create the output folder (\(Self.reason(error)))")
        }
        // a command killed earlier left its staging folder here: remove those of processes that are gone
        if stagingParent == nil { StagingOwner.removeAbandoned(in: parent) }
        stagingFolder = parent + "/" + StagingOwner.current.folderName()
        do {
            try FileManager.default.createDirectory(atPath: stagingFolder, withIntermediateDirectories: true)
        } catch {
            throw OutputUnitError("\(parent): cannot write into the output folder (\(Self.reason(error)))")
        }
    }

    /// Registers the data file `finalPath` (absolute, or relative to the working directory, as
    /// every file path) and returns where to write it now (inside the staging folder; its
    /// parent folder exists).
    public func path(for finalPath: String, holds what: String) throws -> String {
        let final = try resolve(finalPath)
        try checkNameLengths(final, suffix: "")
        guard !files.contains(final) else {
            throw OutputUnitError("two outputs would be written to \(final); give inputs distinct names (sub/ses/task/run entities, labels)")
        }
        files.append(final)
        holds[final] = what
        let staged = stagingFolder + "/" + relative(final)
        try FileManager.default.createDirectory(atPath: (staged as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return staged
    }

    /// Describes every file whose name is `<stem name>.<ext>` or `<stem name>_…` in the stem's
    /// folder with `record`; `commit` writes it to `<stem>.json`. A file belongs to the longest
    /// stem that matches it.
    /// `also` names further files of the same folder (or below it) that this sidecar lists (for
    /// fixed CLI names such as `neurorep graph`'s `global.json`, whose own stem would be its
    /// sidecar, and the report's subject pages in `report/`); they are listed by their path
    /// relative to the sidecar's folder.
    public func describe(stem: String, record: ProvenanceRecord, also: [String] = []) throws {
        let s = try resolve(stem)
        try checkNameLengths(s, suffix: ".json")
        guard stems[s] == nil else { throw OutputUnitError("two provenance records for the output stem \(s)") }
        stems[s] = record
        stemOrder.append(s)
        for f in also { extraMembers[try resolve(f)] = s }
    }

    /// Like `describe`, but a stem that already has a record keeps it (CLI commands whose
    /// optional outputs may share a stem, all with one record).
    public func describeOnce(stem: String, record: ProvenanceRecord, also: [String] = []) throws {
        let s = try resolve(stem)
        if stems[s] != nil {
            for f in also { extraMembers[try resolve(f)] = s }
            return
        }
        try describe(stem: stem, record: record, also: also)
    }

    /// The stem of an output path: its name without the extension(s) (`x.nii.gz` -> `x`).
    public static func stem(of path: String) -> String {
        for ext in [".nii.gz", ".tsv.gz"] where path.hasSuffix(ext) { return String(path.dropLast(ext.count)) }
        let name = (path as NSString).lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path }
        return (path as NSString).deletingPathExtension
    }

    /// A unit for a command's outputs given as paths by the user: its root is their deepest
    /// common folder, so the staging folder sits beside them (same file system).
    public convenience init(outputs paths: [String]) throws {
        let folders = paths.map { (Self.normalized($0) as NSString).deletingLastPathComponent }
        var common = folders.first ?? Self.normalized(".")
        for f in folders.dropFirst() {
            while common != "/" && !(f == common || f.hasPrefix(common + "/")) { common = (common as NSString).deletingLastPathComponent }
        }
        try self.init(root: common)
    }

    /// Runs `body` with a unit for the given output paths, commits it, discards it on any error.
    @discardableResult
    public static func write(outputs paths: [String], _ body: (OutputUnit) throws -> Void) throws -> [String] {
        let unit = try OutputUnit(outputs: paths)
        do { try body(unit) } catch { unit.discard(); throw error }
        return try unit.commit()
    }

    /// The sidecar of a stem.
    public static func sidecarPath(stem: String) -> String { stem + ".json" }

    /// The final paths registered so far (data files only).
    public var dataFiles: [String] { files }

    /// Writes the sidecars and moves every file into place. Returns the final paths (data files,
    /// then sidecars). Throws (and discards everything) if a file has no record, a sidecar
    /// would replace a data file, or a file cannot be moved.
    @discardableResult
    public func commit() throws -> [String] {
        do {
            let sidecars = try writeSidecars()
            let all = files + sidecars
            for (i, final) in all.enumerated() {
                try FileManager.default.createDirectory(atPath: (final as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let staged = stagingFolder + "/" + relative(final)
                guard rename(staged, final) == 0 else {
                    throw OutputUnitError("\(final): cannot move the finished file into place (\(String(cString: strerror(errno))))")
                }
                if i == 0, let hook = Self.midCommitHook { hook() }
            }
            finished = true
            try? FileManager.default.removeItem(atPath: stagingFolder)
            return all
        } catch {
            discard()
            throw error
        }
    }

    /// Removes the staging folder and everything in it, and the output folders `init` created
    /// if they are still empty.
    public func discard() {
        finished = true
        removeWhatThisUnitCreated()
    }

    /// The staging folder, then the output folders `init` created (innermost first; `rmdir`
    /// leaves any that hold something).
    private func removeWhatThisUnitCreated() {
        try? FileManager.default.removeItem(atPath: stagingFolder)
        for f in createdFolders.reversed() { _ = rmdir(f) }
    }

    /// Runs `body` with a fresh unit, commits it, and discards it on any error. Returns the paths
    /// committed (for callers that report them; others may ignore it).
    @discardableResult
    public static func write(root: String, stagingParent: String? = nil, _ body: (OutputUnit) throws -> Void) throws -> [String] {
        let unit = try OutputUnit(root: root, stagingParent: stagingParent)
        do {
            try body(unit)
        } catch {
            unit.discard()
            throw error
        }
        return try unit.commit()
    }

    deinit { if !finished { removeWhatThisUnitCreated() } }

    // MARK: - sidecars

    private func writeSidecars() throws -> [String] {
        var members: [String: [String]] = [:]
        for f in files {
            guard let s = stem(of: f) else {
                throw OutputUnitError("\(f): no provenance record describes this output (an internal error: every output needs one)")
            }
            members[s, default: []].append(f)
        }
        var out: [String] = []
        let fileSet = Set(files)
        for s in stemOrder {
            let sidecar = Self.sidecarPath(stem: s)
            guard !fileSet.contains(sidecar) else {
                throw OutputUnitError("\(sidecar) is both a data file and the provenance sidecar of \((s as NSString).lastPathComponent); the sidecar would overwrite the data")
            }
            guard let own = members[s], !own.isEmpty else { continue }
            var listed: [ProvenanceValue] = []
            for f in own {
                let sum = try SHA256.hexDigest(ofFile: stagingFolder + "/" + relative(f))
                listed.append(.object(["path": .string(Self.path(of: f, relativeTo: s)), "sha256": .string(sum),
                                       "holds": .string(holds[f] ?? "")]))
            }
            var value = stems[s]!.value
            if case .object(var o) = value { o["Files"] = .array(listed); value = .object(o) }
            let staged = stagingFolder + "/" + relative(sidecar)
            try Data((value.jsonText() + "\n").utf8).write(to: URL(fileURLWithPath: staged))
            out.append(sidecar)
        }
        return out
    }

    /// How a stem's sidecar names a file: relative to the sidecar's folder (the file's name for
    /// the files beside it; `report/sub-01.html` for the report's subject pages).
    static func path(of file: String, relativeTo stem: String) -> String {
        let folder = (stem as NSString).deletingLastPathComponent
        return file.hasPrefix(folder + "/") ? String(file.dropFirst(folder.count + 1)) : (file as NSString).lastPathComponent
    }

    /// The longest registered stem that names `file`.
    private func stem(of file: String) -> String? {
        if let s = extraMembers[file] { return s }
        let folder = (file as NSString).deletingLastPathComponent
        let name = (file as NSString).lastPathComponent
        return stemOrder.filter { s in
            (s as NSString).deletingLastPathComponent == folder && {
                let stemName = (s as NSString).lastPathComponent
                return name.hasPrefix(stemName + ".") || name.hasPrefix(stemName + "_")
            }()
        }.max { $0.count < $1.count }
    }

    // MARK: - paths

    /// `path` made absolute (against the working directory), `..` and `.` removed, and checked to
    /// lie inside `root` — also after following the symbolic links of the part that exists.
    private func resolve(_ path: String) throws -> String {
        let p = Self.normalized(path)
        guard p.hasPrefix(rootPrefix) && p.count > rootPrefix.count else {
            throw OutputUnitError("\(path): refusing to write outside the output folder \(root)")
        }
        // the deepest existing folder on the way must still be inside root once links are followed
        var existing = (p as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: existing) { existing = (existing as NSString).deletingLastPathComponent }
        let real = URL(fileURLWithPath: existing).resolvingSymlinksInPath().path
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        guard real == realRoot || real.hasPrefix(realRoot + "/") else {
            throw OutputUnitError("\(path): refusing to write outside the output folder \(root) (a folder on the way links elsewhere)")
        }
        return p
    }

    /// The longest file or folder name most file systems take (NAME_MAX, in bytes).
    public static let maximumNameBytes = 255

    /// Output names are made from input names (entities, conditions, contrasts, seeds), so a
    /// long one (a 20 MB trial_type) made a name the file system refuses: the error came from
    /// deep in the write, naming the hidden staging path. Refused here, when the name is
    /// registered, naming the output and its length.
    private func checkNameLengths(_ path: String, suffix: String) throws {
        let parts = relative(path).split(separator: "/")
        for (i, c) in parts.enumerated() {
            let bytes = c.utf8.count + (i == parts.count - 1 ? suffix.utf8.count : 0)
            guard bytes <= Self.maximumNameBytes else {
                throw OutputUnitError("\(root): the output name '\(c.prefix(100))…' would be \(bytes) bytes long, more than the \(Self.maximumNameBytes) a file name may have; it is made from the inputs' names (sub/ses/task/run entities, condition, contrast or seed names): shorten the long one")
            }
        }
    }

    private var rootPrefix: String { root == "/" ? "/" : root + "/" }
    private func relative(_ final: String) -> String { String(final.dropFirst(rootPrefix.count)) }

    /// An absolute path without `.`, `..` or repeated slashes (lexically; links are not followed).
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for c in absolute.split(separator: "/") {
            if c == "." || c.isEmpty { continue }
            if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func reason(_ error: Error) -> String {
        if let e = error as? CocoaError, let u = e.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        if let e = error as? CocoaError {
            switch e.code {
            case .fileWriteNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on the device"
            case .fileWriteFileExists: return "a file is in the way"
            case .fileWriteVolumeReadOnly: return "read-only file system"
            default: break
            }
        }
        return "\(error.localizedDescription)"
    }
}

/// A refused or failed output; the message names the file and the problem.
public struct OutputUnitError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
