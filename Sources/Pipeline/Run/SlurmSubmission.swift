import Dispatch
import Foundation

/// Submits a pipeline's two Slurm scripts through `sbatch` (found on PATH): the array job first,
/// then the group job with `--dependency=afterok:<array job>`. Both submissions happen here, on
/// the submitting side, so the group job exists as soon as this returns.
public enum SlurmSubmission {
    public struct Jobs: Sendable, Equatable {
        public let array: String
        public let group: String
    }

    /// Submits both scripts and returns their job ids.
    public static func submit(arrayScriptPath: String, groupScriptPath: String) throws -> Jobs {
        let array = try sbatch([arrayScriptPath])
        do {
            let group = try sbatch(SlurmScript.groupSubmission(arrayJob: array, groupScriptPath: groupScriptPath))
            return Jobs(array: array, group: group)
        } catch let e as SlurmError {
            throw SlurmError.groupNotSubmitted(arrayJob: array, reason: e.description)
        }
    }

    /// Runs `sbatch ARGS` and returns the job id it printed.
    static func sbatch(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sbatch"] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { throw SlurmError.sbatch(arguments: arguments, message: "cannot start /usr/bin/env sbatch: \(error)") }
        // read stderr on another thread so neither pipe can fill up and stall sbatch
        let errData = LockedData(), errRead = DispatchSemaphore(value: 0)
        Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()); errRead.signal() }.start()
        let outText = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        errRead.wait()
        let errText = String(decoding: errData.value, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard p.terminationStatus == 0 else {
            let why = errText.isEmpty ? "exit status \(p.terminationStatus)" : errText
            throw SlurmError.sbatch(arguments: arguments, message: why)
        }
        guard let id = jobID(inSbatchOutput: outText) else {
            throw SlurmError.sbatch(arguments: arguments, message: "no job id in its output: \(outText.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return id
    }

    /// The job id in sbatch's answer: "Submitted batch job 123" (or `--parsable`'s "123" / "123;cluster").
    public static func jobID(inSbatchOutput text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let t = line.trimmingCharacters(in: .whitespaces)
            let word = t.hasPrefix("Submitted batch job ") ? String(t.dropFirst("Submitted batch job ".count)).split(separator: " ").first.map(String.init) ?? ""
                : String(t.split(separator: ";").first ?? "")
            if !word.isEmpty, word.allSatisfy(\.isASCII), word.allSatisfy(\.isNumber) { return word }
        }
        return nil
    }
}

public enum SlurmError: Error, CustomStringConvertible {
    case sbatch(arguments: [String], message: String)
    case groupNotSubmitted(arrayJob: String, reason: String)

    public var description: String {
        switch self {
        case .sbatch(let a, let m): return "sbatch \(a.map(SlurmScript.shellQuote).joined(separator: " ")) failed: \(m)"
        case .groupNotSubmitted(let j, let r):
            return "the array job \(j) was submitted but its group job was not (\(r)); cancel it with `scancel \(j)` or submit the group script with --dependency=afterok:\(j)"
        }
    }
}

/// Bytes handed from a reader thread.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ d: Data) { lock.withLock { data = d } }
    var value: Data { lock.withLock { data ?? Data() } }
}
