import ArrayFiles
import Foundation
import NIfTI

/// libFuzzer entry for the NIfTI and NPY header parsers (issue 12, build 8).
///
/// The first byte chooses the parser, the rest is the input: 0 a `.nii` file, 1 a `.nii.gz`
/// file (the bytes as given: a fuzzer-made gzip stream), 2 an NPY array (`NPY.parse`, ArrayFiles'
/// public API). A NIfTI input is opened and, when its header passes, its data are read and
/// summarised, so the whole reader runs (headers claiming more than the input holds must be
/// refused before allocating). Any thrown error is a good outcome; a crash, a trap, a sanitizer
/// report or a leak is a finding.
///
/// Fuzzing (Linux, Swift 6.3):
///     swift build --product FuzzHeaders --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address \
///         -Xswiftc -DFUZZING -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link,address
///     .build-fuzz/debug/FuzzHeaders -max_total_time=600 Tests/NIfTITests/Fixtures/fuzz-corpus
/// Without those flags (a plain `swift build`) the same target is a replayer:
///     FuzzHeaders FILE_OR_FOLDER...   runs the entry on each file (a corpus or crash reproducer).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeaders(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    FuzzHeaders.run(selector: bytes[0], input: Data(bytes.dropFirst()))
    return 0
}

enum FuzzHeaders {
    /// One scratch folder per process (libFuzzer runs inputs one after another in one process).
    static let folder: String = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("neurorep-fuzz-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    static let silenceWarnings: Void = NIfTIWarnings.setHandler { _ in }

    /// `NEUROREP_FUZZ=nifti` or `=npy` fuzzes one parser only (to go on past a known finding in
    /// the other); unset, both.
    static let only = ProcessInfo.processInfo.environment["NEUROREP_FUZZ"]

    static func run(selector: UInt8, input: Data) {
        _ = silenceWarnings
        let target = selector % 3
        if only == "nifti" && target == 2 || only == "npy" && target != 2 { return }
        switch target {
        case 2:
            _ = try? NPY.parse(input, name: "fuzz.npy")
        default:
            let path = "\(folder)/input\(selector % 3 == 1 ? ".nii.gz" : ".nii")"
            guard (try? input.write(to: URL(fileURLWithPath: path))) != nil else { return }
            if let img = try? NIfTIImage(path: path) {
                _ = try? img.statistics()
                if img.header.volumeCount > 1 { _ = try? img.readVolume(img.header.volumeCount - 1) }
            }
        }
    }

    /// Runs the entry on each file, or on each file of each folder given.
    static func replay(_ arguments: [String]) -> Int32 {
        var files: [String] = []
        for a in arguments {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: a, isDirectory: &isDir) else {
                FileHandle.standardError.write(Data("FuzzHeaders: \(a): no such file or folder\n".utf8)); return 1
            }
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: a)) ?? []
                files += names.sorted().map { "\(a)/\($0)" }
            } else { files.append(a) }
        }
        for f in files {
            guard let d = FileManager.default.contents(atPath: f) else { continue }
            d.withUnsafeBytes { b in _ = fuzzHeaders(b.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, b.count) }
        }
        print("FuzzHeaders: replayed \(files.count) input(s) without a crash")
        return 0
    }
}

#if FUZZING
/// libFuzzer's driver (in the runtime `-sanitize=fuzzer` links): SwiftPM gives an executable its
/// own entry point, so the fuzzing build starts libFuzzer from it instead of libFuzzer's `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt) -> CInt
#endif

@main
struct FuzzHeadersMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            guard let data else { return 0 }
            return fuzzHeaders(data, size)
        })
        #else
        exit(FuzzHeaders.replay(Array(CommandLine.arguments.dropFirst())))
        #endif
    }
}
