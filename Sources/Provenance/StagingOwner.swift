import Foundation

/// Who owns a staging folder: the host and process id, written into the folder's name
/// (`.neurorep-staging-p<pid>-<token>-<host>`), so that a run starting on an output folder that
/// other runs (Slurm array tasks, a second terminal) are writing to removes only the staging
/// folders of processes that are gone — never the work in progress of a live one.
public struct StagingOwner: Sendable, Equatable {
    public static let prefix = ".neurorep-staging-"

    public let pid: Int32
    public let host: String

    public static let current = StagingOwner(pid: getpid(), host: StagingOwner.hostName())

    /// A fresh folder name owned by this process.
    public func folderName() -> String {
        Self.prefix + "p\(pid)-" + UUID().uuidString.prefix(8).lowercased() + "-" + host
    }

    /// The owner encoded in a staging folder's name, or nil if the name is not one.
    public init?(folderName name: String) {
        guard name.hasPrefix(Self.prefix) else { return nil }
        let parts = name.dropFirst(Self.prefix.count).split(separator: "-", maxSplits: 2)
        guard parts.count == 3, parts[0].hasPrefix("p"), let pid = Int32(parts[0].dropFirst()), pid > 0 else { return nil }
        self.pid = pid
        self.host = String(parts[2])
    }

    public init(pid: Int32, host: String) { self.pid = pid; self.host = host }

    /// True when the owner is known to be gone: a process of this host that no longer exists.
    /// An owner on another host is presumed alive (its pid cannot be checked from here).
    public var isGone: Bool {
        guard host == Self.current.host else { return false }
        if pid == Self.current.pid { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Removes the staging folders directly inside `folder` whose owners are gone; returns them.
    /// A folder of another host cannot be checked by pid: it is removed once it has not changed
    /// for `otherHostAge` seconds (a unit stages only while it writes, which takes seconds).
    @discardableResult
    public static func removeAbandoned(in folder: String, otherHostAge: Double = 6 * 3600) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for n in names.sorted() {
            guard let owner = StagingOwner(folderName: n) else { continue }
            var abandoned = owner.isGone
            if !abandoned, owner.host != current.host,
               let modified = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + n))?[.modificationDate] as? Date {
                abandoned = Date().timeIntervalSince(modified) > otherHostAge
            }
            guard abandoned else { continue }
            let p = folder + "/" + n
            if (try? FileManager.default.removeItem(atPath: p)) != nil { removed.append(p) }
        }
        return removed
    }

    /// The host name as a file-name piece (letters, digits, '.', '-').
    static func hostName() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        let name = gethostname(&buf, buf.count) == 0 ? String(cString: buf) : "localhost"
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" })
        return safe.isEmpty ? "localhost" : safe
    }
}
