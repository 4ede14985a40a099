import Foundation
import GRDB
import Provenance

/// The run ledger: an SQLite database (through GRDB) in the output folder that records every
/// unit of work by its key — a hash of its inputs, parameters and the tool version — with its
/// outputs, or its error. A rerun skips a unit whose key is recorded as done and whose outputs
/// are all on disk; a changed parameter changes the key of that unit and of everything
/// downstream, so only those are redone.
///
/// Several processes may share one ledger (Slurm array tasks, two terminals): the database is
/// in WAL mode with a busy timeout, and a unit is *claimed* in an immediate transaction before it
/// runs, so exactly one process runs it while the others wait for its result (`claim`). A claim
/// names its process (host and pid) and is refreshed while the unit runs; the claim of a
/// process that is gone (same host, no such pid) or silent for `staleAfter` seconds (another
/// host) is taken over.
public final class RunLedger: @unchecked Sendable {
    public enum Status: String, Sendable { case done, failed }

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var subject: String
        public var step: String
        public var status: Status
        public var outputs: [String]
        public var error: String?
        public var seconds: Double
    }

    /// What `claim` found.
    public enum Claim: Sendable, Equatable {
        /// This process now owns the unit and must run it and record the result.
        case claimed
        /// Done (by an earlier run or another process) and every output is on disk.
        case done
        /// Another live process is running it: wait and ask again.
        case busy(owner: String)
    }

    private let db: any DatabaseWriter
    /// Folder the recorded output paths are relative to.
    public let root: String
    /// A claim not refreshed for this long (seconds) is presumed abandoned.
    public var staleAfter: Double = 120

    /// True when opened with `readOnly` (the report, `neurorep status`): nothing is written.
    public let isReadOnly: Bool

    /// Opens (or creates) the ledger of an output folder: `<root>/.neurorep/ledger.sqlite`.
    /// `readOnly` opens an existing ledger without creating or changing anything (the report
    /// reads unit states this way while other processes may still write).
    public init(outputRoot: String, readOnly: Bool = false) throws {
        root = outputRoot
        isReadOnly = readOnly
        let dir = "\(outputRoot)/\(OutputLayout.stateFolderName)"
        var config = Configuration()
        config.busyMode = .timeout(60)
        if readOnly {
            config.readonly = true
            db = try DatabaseQueue(path: "\(dir)/ledger.sqlite", configuration: config)
            return
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["NEUROREP_LEDGER_JOURNAL"] == "delete" {
            // a rollback journal, for output folders on network file systems shared by several
            // machines, where SQLite advises against WAL
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            let c = config
            db = try Self.retryingWhileBusy { try DatabaseQueue(path: "\(dir)/ledger.sqlite", configuration: c) }
        } else {
            let c = config
            db = try Self.retryingWhileBusy { try DatabasePool(path: "\(dir)/ledger.sqlite", configuration: c) }
        }
        try db.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS work (
                    key TEXT PRIMARY KEY, subject TEXT NOT NULL, step TEXT NOT NULL, status TEXT NOT NULL,
                    outputs TEXT NOT NULL, error TEXT, seconds REAL NOT NULL, tool_version TEXT NOT NULL,
                    recorded_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS checksums (
                    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL, sha256 TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS claims (
                    key TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, heartbeat REAL NOT NULL);
                CREATE TABLE IF NOT EXISTS planned (
                    key TEXT PRIMARY KEY, subject TEXT NOT NULL, step TEXT NOT NULL);
                """)
        }
    }

    /// Opens a connection, retrying while another process holds the lock. Two processes that
    /// create one ledger at once (two runs started together on a new output folder): switching
    /// the new database's journal mode takes an exclusive lock for which SQLite does not call the
    /// busy handler, so the later one failed at once with "database is locked - while executing
    /// PRAGMA journal_mode = WAL" (seen in the two-concurrent-runs test). Bounded like the busy
    /// timeout: 60 s.
    static func retryingWhileBusy<T>(_ open: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(60)
        while true {
            do {
                return try open()
            } catch let e as DatabaseError where (e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                usleep(20_000)
            }
        }
    }

    /// True when `key` is recorded as done and every output it recorded still exists.
    public func isDone(_ key: String) throws -> Bool {
        guard let e = try entry(key), e.status == .done else { return false }
        return outputsExist(e)
    }

    private func outputsExist(_ e: Entry) -> Bool {
        e.outputs.allSatisfy { FileManager.default.fileExists(atPath: "\(root)/\($0)") }
    }

    public func entry(_ key: String) throws -> Entry? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM work WHERE key = ?", arguments: [key]).map(Self.entry)
        }
    }

    // MARK: - claims

    /// Claims a unit for this process (`owner`: for tests) unless it is done (and `force` is false) or another live
    /// process holds it. One immediate transaction, so two processes never both claim it.
    public func claim(key: String, force: Bool = false, owner me: StagingOwner = .current) throws -> Claim {
        let now = Date().timeIntervalSince1970
        return try db.writeWithoutTransaction { db in
            var result = Claim.claimed
            try db.inTransaction(.immediate) {
                if !force, let e = try Row.fetchOne(db, sql: "SELECT * FROM work WHERE key = ?", arguments: [key]).map(Self.entry),
                   e.status == .done, outputsExist(e) {
                    result = .done
                    return .commit
                }
                if let row = try Row.fetchOne(db, sql: "SELECT * FROM claims WHERE key = ?", arguments: [key]) {
                    let owner = StagingOwner(pid: Int32(truncatingIfNeeded: row["pid"] as Int64), host: row["host"])
                    let fresh = now - (row["heartbeat"] as Double) < staleAfter
                    if owner != me, !owner.isGone, fresh {
                        result = .busy(owner: "\(owner.host) pid \(owner.pid)")
                        return .commit
                    }
                }
                try db.execute(sql: "INSERT OR REPLACE INTO claims (key, host, pid, heartbeat) VALUES (?, ?, ?, ?)",
                               arguments: [key, me.host, Int64(me.pid), now])
                return .commit
            }
            return result
        }
    }

    /// Marks this process's claims as alive (the runner calls it every few seconds).
    public func refreshClaims() throws {
        let me = StagingOwner.current
        try db.write { db in
            try db.execute(sql: "UPDATE claims SET heartbeat = ? WHERE host = ? AND pid = ?",
                           arguments: [Date().timeIntervalSince1970, me.host, Int64(me.pid)])
        }
    }

    /// True when another live process holds the claim of `key`.
    public func isClaimedElsewhere(_ key: String) throws -> Bool {
        let me = StagingOwner.current
        let now = Date().timeIntervalSince1970
        return try db.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM claims WHERE key = ?", arguments: [key]) else { return false }
            let owner = StagingOwner(pid: Int32(truncatingIfNeeded: row["pid"] as Int64), host: row["host"])
            return owner != me && !owner.isGone && now - (row["heartbeat"] as Double) < staleAfter
        }
    }

    // MARK: - results

    /// Records a finished unit (outputs relative to the output root) and releases its claim.
    public func recordDone(key: String, subject: String, step: String, outputs: [String], seconds: Double, toolVersion: String) throws {
        try record(Entry(key: key, subject: subject, step: step, status: .done, outputs: outputs, error: nil, seconds: seconds), toolVersion)
    }

    /// Records a failed unit with its error message and releases its claim.
    public func recordFailure(key: String, subject: String, step: String, error: String, seconds: Double, toolVersion: String) throws {
        try record(Entry(key: key, subject: subject, step: step, status: .failed, outputs: [], error: error, seconds: seconds), toolVersion)
    }

    private func record(_ e: Entry, _ version: String) throws {
        let outputs = String(decoding: try JSONEncoder().encode(e.outputs), as: UTF8.self)
        try db.write { db in
            // a failure never replaces a result another process recorded as done
            if e.status == .failed,
               let old = try Row.fetchOne(db, sql: "SELECT * FROM work WHERE key = ?", arguments: [e.key]).map(Self.entry),
               old.status == .done, outputsExist(old) {
                return
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO work (key, subject, step, status, outputs, error, seconds, tool_version, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [e.key, e.subject, e.step, e.status.rawValue, outputs, e.error, e.seconds, version,
                                 ISO8601DateFormatter().string(from: Date())])
            let me = StagingOwner.current
            try db.execute(sql: "DELETE FROM claims WHERE key = ? AND host = ? AND pid = ?", arguments: [e.key, me.host, Int64(me.pid)])
        }
    }

    /// Every recorded unit, in subject and step order.
    public func entries() throws -> [Entry] {
        try db.read { db in try Row.fetchAll(db, sql: "SELECT * FROM work ORDER BY subject, step").map(Self.entry) }
    }

    // MARK: - plan and status (what `neurorep status` reads)

    /// Records the units a run is about to do, so that `status` can list the pending ones. A
    /// unit planned under a new key (changed parameters) replaces the old one of its subject and step.
    public func recordPlan(_ units: [(key: String, subject: String, step: String)]) throws {
        try db.write { db in
            for u in units {
                try db.execute(sql: "DELETE FROM planned WHERE subject = ? AND step = ? AND key <> ?", arguments: [u.subject, u.step, u.key])
                try db.execute(sql: "INSERT OR IGNORE INTO planned (key, subject, step) VALUES (?, ?, ?)", arguments: [u.key, u.subject, u.step])
            }
        }
    }

    /// The state of every planned unit, in subject and step order: done, failed (with its
    /// error), running (claimed by a live process) or pending.
    public func unitStates() throws -> [UnitState] {
        let planned = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM planned ORDER BY subject, step").map { ($0["key"] as String, $0["subject"] as String, $0["step"] as String) }
        }
        return try unitStates(of: planned)
    }

    /// The state of the given units (key, subject, step), in subject and step order: the one
    /// definition of a unit's state, used by `neurorep status` (for the units a config plans
    /// now) and by the report (for the units the runs planned). *done*: its key is recorded done
    /// and every output is on disk; *failed*: its key is recorded failed (with the whole error)
    /// and no live process is running it again; *running*: a live process holds its claim;
    /// *pending*: anything else (not run, run under another key, an output gone).
    public func unitStates(of units: [(key: String, subject: String, step: String)]) throws -> [UnitState] {
        try units.map { key, subject, step in
            let running = try isClaimedElsewhere(key)
            if let e = try entry(key) {
                if e.status == .done && outputsExist(e) { return UnitState(subject: subject, step: step, state: .done, error: nil) }
                if e.status == .failed, !running { return UnitState(subject: subject, step: step, state: .failed, error: e.error) }
            }
            return UnitState(subject: subject, step: step, state: running ? .running : .pending, error: nil)
        }.sorted { ($0.subject, $0.step) < ($1.subject, $1.step) }
    }

    /// Opens the ledger of an existing pipeline output folder (for `neurorep status`; `readOnly`
    /// for the report).
    public static func existing(outputRoot: String, readOnly: Bool = false) throws -> RunLedger {
        guard FileManager.default.fileExists(atPath: "\(outputRoot)/.neurorep/ledger.sqlite") else {
            throw PipelineError("\(outputRoot): not a pipeline output folder (no .neurorep/ledger.sqlite)")
        }
        return try RunLedger(outputRoot: outputRoot, readOnly: readOnly)
    }

    // MARK: - checksums

    /// The SHA-256 of a file, computed once per (path, size, modification time). A read-only
    /// ledger (`neurorep status`, the report) reads the cache but does not add to it.
    public func checksum(of path: String, compute: (String) throws -> String) throws -> String {
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        let size = (attrs[.size] as? Int) ?? 0
        let mtime = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        if let row = try db.read({ db in try Row.fetchOne(db, sql: "SELECT * FROM checksums WHERE path = ?", arguments: [path]) }),
           row["size"] as Int == size, row["mtime"] as Double == mtime {
            return row["sha256"]
        }
        let sum = try compute(path)
        if isReadOnly { return sum }
        try db.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO checksums (path, size, mtime, sha256) VALUES (?, ?, ?, ?)",
                           arguments: [path, size, mtime, sum])
        }
        return sum
    }

    private static func entry(_ row: Row) -> Entry {
        let outputs = (try? JSONDecoder().decode([String].self, from: Data((row["outputs"] as String).utf8))) ?? []
        return Entry(key: row["key"], subject: row["subject"], step: row["step"],
                     status: Status(rawValue: row["status"]) ?? .failed, outputs: outputs, error: row["error"], seconds: row["seconds"])
    }
}

/// One planned unit's state, as `neurorep status` prints it.
public struct UnitState: Sendable, Equatable {
    public enum State: String, Sendable { case done, failed, running, pending }
    /// The subject label, or "networks" / "group".
    public let subject: String
    public let step: String
    public let state: State
    /// The first error (failed units only).
    public let error: String?
}

/// A pipeline failure that is not a config error (the message names the file or folder).
public struct PipelineError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
