@testable import AtomicFiles
import Foundation
import XCTest

/// Issue 12, finding 12: disk full, a read-only output folder and an output path that is a
/// file printed raw `NSCocoaErrorDomain Code=640/642/516`; the shared write path now says
/// which file and what went wrong in words.
final class FileSystemErrorTests: XCTestCase {
    func temporaryFolder() -> String {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("fs-error-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    /// Mounts a tmpfs (root only, as on CI); skips where mounting is not allowed.
    func mountTmpfs(_ options: String) throws -> String {
        let dir = temporaryFolder()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", options, "tmpfs", dir]
        p.standardError = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("cannot mount a tmpfs here (needs root)") }
        addTeardownBlock {
            let u = Process()
            u.executableURL = URL(fileURLWithPath: "/bin/umount")
            u.arguments = [dir]
            try? u.run(); u.waitUntilExit()
        }
        return dir
    }

    func assertWords(_ body: @autoclosure () throws -> Void, _ words: String, naming path: String, line: UInt = #line) {
        XCTAssertThrowsError(try body(), line: line) { e in
            let m = "\(e)"
            XCTAssertTrue(m.hasPrefix(path + ":") && m.contains(words), m, line: line)
            XCTAssertFalse(m.contains("NSCocoaErrorDomain") || m.contains("Code="), m, line: line)
        }
    }

    func testDiskFull() throws {
        let dir = try mountTmpfs("size=64k")
        let out = dir + "/big.bin"
        assertWords(try AtomicFile.write(Data(count: 1 << 20), to: out), "no space left on the device", naming: out)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [], "no partial or temporary file left")
    }

    func testReadOnlyFolder() throws {
        let dir = try mountTmpfs("ro,size=64k")
        assertWords(try AtomicFile.write(Data([1, 2, 3]), to: dir + "/x.bin"), "read-only file system", naming: dir + "/x.bin")
        assertWords(try AtomicFile.write(Data([1, 2, 3]), to: dir + "/sub/x.bin"), "read-only file system", naming: dir + "/sub")
        let streamed = dir + "/y.bin"
        assertWords(try AtomicFile.write(to: streamed) { tmp in _ = try FileSystemError.openForWriting(tmp) },
                    "cannot create the file: the folder is on a read-only file system", naming: streamed)
    }

    func testOutputFolderIsAFile() throws {
        let file = temporaryFolder() + "/afile"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        assertWords(try AtomicFile.write(Data([1]), to: file + "/x.bin"), "is a file", naming: file)
        assertWords(try AtomicFile.write(Data([1]), to: file + "/sub/x.bin"), "\(file) is a file, not a folder", naming: file + "/sub")
        assertWords(try AtomicFile.createFolder(file), "is a file, but the outputs need a folder there", naming: file)
    }

    /// Foundation's codes as corelibs-foundation raises them, injected: each in words.
    func testFoundationCodesInWords() {
        let cases: [(CocoaError.Code, Int32, String)] = [
            (.fileWriteOutOfSpace, ENOSPC, "no space left"), (.fileWriteVolumeReadOnly, EROFS, "read-only file system"),
            (.fileWriteFileExists, EEXIST, "a file is in the way"),
        ]
        for (code, errnoValue, words) in cases {
            let underlying = NSError(domain: NSPOSIXErrorDomain, code: Int(errnoValue))
            for e in [NSError(domain: NSCocoaErrorDomain, code: code.rawValue, userInfo: [NSUnderlyingErrorKey: underlying]),
                      NSError(domain: NSCocoaErrorDomain, code: code.rawValue)] {
                let w = FileSystemError.wrapping(e, path: "/o/x.npy")
                XCTAssertEqual("\(w)".hasPrefix("/o/x.npy: ") && "\(w)".contains(words), true, "\(w)")
            }
        }
        struct Own: Error {}
        XCTAssertTrue(FileSystemError.wrapping(Own(), path: "x") is Own, "the libraries' own errors pass unchanged")
    }

    func testTemporaryNamesAreShownAsTheirOutput() {
        XCTAssertEqual(FileSystemError.userFacing("/o/.neurorep-staging-1A2B3C4D/.sub-01_bold.tmp-0F1E2D3C.nii.gz"), "/o/sub-01_bold.nii.gz")
        XCTAssertEqual(FileSystemError.userFacing("/o/.x.tmp-ABCDEF01"), "/o/x")
        XCTAssertEqual(FileSystemError.userFacing("/o/.hidden.npy"), "/o/.hidden.npy")
    }
}
