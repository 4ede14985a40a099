import Foundation
import XCTest
@testable import Pipeline

/// The Slurm scripts `neurorep slurm` writes: the array line (with its throttle), the shard
/// each task runs, the group job's dependency, per-task logs under the output folder, and
/// quoting of paths with spaces for both bash and sbatch's `#SBATCH` parser.
final class SlurmScriptTests: XCTestCase {
    func script(_ output: String = "/data/out", shards: Int = 3) -> SlurmScript {
        var s = SlurmScript(configPath: "/data/study/pipeline.yaml", outputPath: output, shards: shards, jobName: "study")
        s.neurorep = "/opt/neurorep/bin/neurorep"
        s.partition = "normal"
        return s
    }

    func testArrayScriptRunsOneShardPerTaskAndLogsUnderTheOutputFolder() {
        let t = script().arrayScript
        XCTAssertTrue(t.hasPrefix("#!/bin/bash\n"))
        XCTAssertTrue(t.contains("\n#SBATCH --array=0-2\n"), t)
        XCTAssertTrue(t.contains("\n#SBATCH --job-name=study\n"), t)
        XCTAssertTrue(t.contains("\n#SBATCH --output=/data/out/logs/slurm-%A_%a.out\n"), t)
        XCTAssertTrue(t.contains("\n#SBATCH --partition=normal\n"), t)
        XCTAssertTrue(t.contains("\n#SBATCH --cpus-per-task=2\n#SBATCH --mem=4096M\n#SBATCH --time=04:00:00\n"), t)
        XCTAssertTrue(t.hasSuffix("\nexec /opt/neurorep/bin/neurorep run /data/study/pipeline.yaml --out /data/out --shard \"$((SLURM_ARRAY_TASK_ID + 1))/3\" --skip-group --jobs 2\n"), t)
        XCTAssertFalse(t.contains("sbatch "), "no array task submits a job")
        XCTAssertFalse(t.contains("dependency"))
    }

    func testArrayLimitThrottlesTheArray() {
        var s = script(shards: 8)
        s.arrayLimit = 2
        XCTAssertEqual(s.arraySpec, "0-7%2")
        XCTAssertTrue(s.arrayScript.contains("\n#SBATCH --array=0-7%2\n"))
        XCTAssertEqual(script(shards: 1).arraySpec, "0-0")
    }

    func testGroupJobRunsTheGroupStageAfterTheArray() {
        let t = script().groupScript
        XCTAssertTrue(t.contains("\n#SBATCH --job-name=study-group\n"), t)
        XCTAssertTrue(t.contains("\n#SBATCH --kill-on-invalid-dep=yes\n"), t)
        XCTAssertTrue(t.contains("\n#SBATCH --output=/data/out/logs/slurm-%j-group.out\n"), t)
        XCTAssertTrue(t.hasSuffix("\nexec /opt/neurorep/bin/neurorep run /data/study/pipeline.yaml --out /data/out --group-only --jobs 2\n"), t)
        XCTAssertEqual(SlurmScript.groupSubmission(arrayJob: "4711", groupScriptPath: "/s/g.sbatch"),
                       ["--dependency=afterok:4711", "/s/g.sbatch"])
    }

    func testPathsWithSpacesAreQuotedForBashAndForSbatch() throws {
        var s = script("/data/my study/out 100%")
        s.configPath = "/data/my study/it's.yaml"
        let t = s.arrayScript
        // sbatch splits #SBATCH lines at white space unless quoted; '%' is doubled in a file-name pattern
        XCTAssertTrue(t.contains("\n#SBATCH \"--output=/data/my study/out 100%%/logs/slurm-%A_%a.out\"\n"), t)
        XCTAssertTrue(t.contains(" run '/data/my study/it'\\''s.yaml' --out '/data/my study/out 100%' --shard"), t)
        XCTAssertEqual(SlurmScript.directiveQuote("--output=/a \"b\"\\c#d"), "\"--output=/a \\\"b\\\"\\\\c#d\"")
        XCTAssertEqual(SlurmScript.directiveQuote("--job-name=x"), "--job-name=x")
        XCTAssertEqual(SlurmScript.shellQuote(""), "''")
        // bash reads both scripts, and the quoted words come back as the paths
        for text in [t, s.groupScript] { XCTAssertEqual(try bash(["-n", "-c", text]).status, 0) }
        let words = try bash(["-c", "printf '%s\\n' \(SlurmScript.shellQuote(s.configPath)) \(SlurmScript.shellQuote(s.outputPath))"])
        XCTAssertEqual(words.out, "/data/my study/it's.yaml\n/data/my study/out 100%\n")
    }

    func testJobIDsAreReadFromSbatchOutput() {
        XCTAssertEqual(SlurmSubmission.jobID(inSbatchOutput: "Submitted batch job 123\n"), "123")
        XCTAssertEqual(SlurmSubmission.jobID(inSbatchOutput: "sbatch: note\nSubmitted batch job 77 on cluster c\n"), "77")
        XCTAssertEqual(SlurmSubmission.jobID(inSbatchOutput: "4711;cluster\n"), "4711")
        XCTAssertNil(SlurmSubmission.jobID(inSbatchOutput: "sbatch: error: Batch job submission failed\n"))
        XCTAssertNil(SlurmSubmission.jobID(inSbatchOutput: ""))
    }

    private func bash(_ args: [String]) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = args
        let o = Pipe()
        p.standardOutput = o
        try p.run()
        let data = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
