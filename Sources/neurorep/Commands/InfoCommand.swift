import ArgumentParser
import Foundation
import NIfTI
import Provenance

/// `neurorep info [--json] FILE...`: header fields and data statistics of NIfTI files.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print dim, pixdim, datatype, scaling, q/sform codes, affine, TR and mean/min/max of NIfTI files."
    )

    @Flag(name: .long, help: "One JSON object per file (an array when several).")
    var json = false

    @Argument(help: "NIfTI files (.nii, .nii.gz, .hdr/.img).")
    var files: [String]

    func run() throws {
        var objects: [ProvenanceValue] = []
        var failed = false
        for path in files {
            do {
                let img = try NIfTIImage(path: path)
                let stats = try img.statistics()
                let info = ImageInfo(header: img.header, statistics: stats)
                if json { objects.append(info.json) } else { print(info.text(path: path)) }
            } catch {
                failed = true
                FileHandle.standardError.write(Data("neurorep info: \(error)\n".utf8))
            }
        }
        if json {
            if objects.count == 1 { print(objects[0].jsonText()) } else if !objects.isEmpty { print(ProvenanceValue.array(objects).jsonText()) }
        }
        if failed { throw ExitCode(1) }
    }
}

/// The fields `info` reports, built from the library's header and statistics.
struct ImageInfo {
    let header: NIfTIHeader
    let statistics: ImageStatistics

    var json: ProvenanceValue {
        [
            "dim": .ints(header.dim),
            "pixdim": .doubles(header.pixdim),
            "datatype": .string(header.datatype?.numpyName ?? "code \(header.datatypeCode)"),
            "scl_slope": .double(header.sclSlope),
            "scl_inter": .double(header.sclInter),
            "qform_code": .int(header.qformCode),
            "sform_code": .int(header.sformCode),
            "affine": .array(header.affine.rows.map { .doubles($0) }),
            "tr_seconds": .optional(header.trSeconds),
            "mean": .double(statistics.mean),
            "min": .double(statistics.min),
            "max": .double(statistics.max),
        ]
    }

    func text(path: String) -> String {
        var lines = ["\(path)"]
        lines.append("  format      \(header.version == 0 ? "Analyze 7.5" : "NIfTI-\(header.version)") (\(header.isBigEndian ? "big" : "little")-endian)")
        lines.append("  dim         \(header.dim)")
        lines.append("  pixdim      \(header.pixdim)")
        lines.append("  datatype    \(header.datatype?.numpyName ?? "?") (code \(header.datatypeCode))")
        lines.append("  scl_slope   \(header.sclSlope)")
        lines.append("  scl_inter   \(header.sclInter)")
        lines.append("  qform_code  \(header.qformCode)")
        lines.append("  sform_code  \(header.sformCode)")
        lines.append("  affine      (from \(header.affineSource))")
        for r in header.affine.rows { lines.append("              " + r.map { String(format: "%12.6f", $0) }.joined(separator: " ")) }
        var tr = header.trSeconds.map { "\($0) s" } ?? "n/a (not a time series)"
        if header.trLooksLikeMilliseconds { tr += "  (warning: over 100 s; the header probably stores milliseconds)" }
        if let t = header.trSeconds, !(t > 0 && t.isFinite) { tr += "  (not a repetition time: cleaning treats the TR as unknown)" }
        lines.append("  TR          \(tr)")
        lines.append("  mean        \(statistics.mean)")
        lines.append("  min         \(statistics.min)")
        lines.append("  max         \(statistics.max)")
        return lines.joined(separator: "\n")
    }
}
