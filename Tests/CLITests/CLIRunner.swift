import Foundation

/// Runs the built `neurorep` binary (it sits beside the test runner in .build/<config>/).
enum CLI {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("neurorep").path
    }

    /// The repository root (for Pipelines/ and SampleData/).
    static var repo: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    struct Result { let status: Int32; let out: String; let err: String }

    static func run(_ args: [String], environment: [String: String?] = [:]) throws -> Result {
        try runTool(binary, args, environment: environment)
    }

    /// Runs any program; stdout and stderr go through files, so a chatty child never blocks on a full pipe.
    static func runTool(_ tool: String, _ args: [String], environment: [String: String?] = [:], in folder: String? = nil) throws -> Result {
        let p = try start(tool, args, environment: environment, in: folder)
        return p.finish()
    }

    /// SHA-256 of files by an independent tool (coreutils' sha256sum, or shasum -a 256 on macOS):
    /// relative path -> digest.
    static func sha256sums(in folder: String, _ rels: [String]) throws -> [String: String] {
        var r = try runTool("/usr/bin/env", ["sha256sum"] + rels, in: folder)
        if r.status != 0 { r = try runTool("/usr/bin/env", ["shasum", "-a", "256"] + rels, in: folder) }
        var out: [String: String] = [:]
        for line in r.out.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            out[String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: " *"))] = String(parts[0])
        }
        return out
    }

    /// Starts every command at once and waits for all of them.
    static func runConcurrently(_ commands: [[String]], environment: [String: String?] = [:]) throws -> [Result] {
        try commands.map { try start(binary, $0, environment: environment, in: nil) }.map { $0.finish() }
    }

    struct Started {
        let process: Process
        let out: String, err: String
        func finish() -> Result {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
            return Result(status: process.terminationStatus,
                          out: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                          err: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        }
    }

    static func start(_ tool: String, _ args: [String], environment: [String: String?], in folder: String?) throws -> Started {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        if let folder { p.currentDirectoryURL = URL(fileURLWithPath: folder) }
        if !environment.isEmpty {
            // entries are added to this process's environment; nil values remove a variable
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            p.environment = env
        }
        let out = temporaryDirectory("stdout"), err = temporaryDirectory("stderr")
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: out)
        p.standardError = FileHandle(forWritingAtPath: err)
        try p.run()
        return Started(process: p, out: out, err: err)
    }

    /// Starts the binary and kills it with SIGKILL after `seconds` (if still running).
    static func runAndKill(_ args: [String], after seconds: Double) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: seconds)
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
    }

    /// Every regular file below `root` (relative paths), skipping the ledger folder.
    /// A copy of SampleData in `study` whose sub-02 resting-state BOLD is cut in half (its steps
    /// fail, the other subjects' do not), and a copy of `config` reading it: the config's path.
    static func sampleStudyWithTruncatedSub02(at study: String, config: String) throws -> String {
        // resolve links first: copying a symlinked folder would copy the link, and the test would then damage the real data
        let source = URL(fileURLWithPath: repo + "/SampleData").resolvingSymlinksInPath().path
        try FileManager.default.copyItem(atPath: source, toPath: study)
        let bold = "\(study)/derivatives/fmriprep/sub-02/func/sub-02_task-rest_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: bold))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: bold))
        let yaml = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "../SampleData", with: study)
        let cfg = "\(study)/p.yaml"
        try yaml.write(toFile: cfg, atomically: true, encoding: .utf8)
        return cfg
    }

    static func files(under root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: root) else { return out }
        while let rel = e.nextObject() as? String {
            if rel.hasPrefix(".neurorep") { continue }
            var isDir: ObjCBool = false
            let full = "\(root)/\(rel)"
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: full)
            }
        }
        return out
    }

    static func temporaryDirectory(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID())").path
    }
}
