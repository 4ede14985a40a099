import Foundation

/// Writing outputs so that a reader (or a rerun after a crash) never sees a half-written file:
/// the content goes to a temporary file in the destination's folder, which is renamed over
/// the destination only when complete (rename is atomic within one file system).
public enum AtomicFile {
    /// A temporary path beside `destination` that keeps its extensions (".nii.gz" matters
    /// to writers that choose compression from the name).
    public static func temporaryPath(for destination: String) -> String {
        let url = URL(fileURLWithPath: destination)
        let dir = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        let token = UUID().uuidString.prefix(8)
        // keep every extension: "x.nii.gz" -> ".x.tmp-ABCD1234.nii.gz"
        if let dot = name.firstIndex(of: "."), dot != name.startIndex {
            return dir + "/." + name[..<dot] + ".tmp-\(token)" + name[dot...]
        }
        return dir + "/." + name + ".tmp-\(token)"
    }

    /// Runs `write` on a temporary path and renames the result to `destination`.
    /// On any error the temporary file is removed and the destination is left untouched;
    /// Foundation and POSIX errors are rethrown in words naming `destination`
    /// (`FileSystemError`: disk full, read-only folder, a file where a folder should be).
    public static func write(to destination: String, _ write: (String) throws -> Void) throws {
        let dir = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        try createFolder(dir)
        let tmp = temporaryPath(for: destination)
        do {
            try write(tmp)
            guard rename(tmp, destination) == 0 else {
                let code = errno
                throw FileSystemError(path: destination, problem: "cannot move the finished file into place: " + FileSystemError.words(errno: code))
            }
        } catch {
            unlink(tmp)
            throw FileSystemError.wrapping(error, path: destination)
        }
    }

    /// Creates `folder` and its parents when missing; a failure is a `FileSystemError` naming
    /// the folder (a file in its place, a read-only parent).
    public static func createFolder(_ folder: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw FileSystemError(path: folder, problem: "is a file, but the outputs need a folder there")
            }
            return
        }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            // name the part of the path that is in the way when there is one
            var part = URL(fileURLWithPath: folder)
            while part.path != "/" {
                part.deleteLastPathComponent()
                if FileManager.default.fileExists(atPath: part.path, isDirectory: &isDirectory) {
                    if !isDirectory.boolValue {
                        throw FileSystemError(path: folder, problem: "cannot create the folder: \(part.path) is a file, not a folder")
                    }
                    break
                }
            }
            let wrapped = FileSystemError.wrapping(error, path: folder)
            if let w = wrapped as? FileSystemError { throw FileSystemError(path: folder, problem: "cannot create the folder: " + w.problem) }
            throw wrapped
        }
    }

    /// Writes bytes atomically.
    public static func write(_ data: Data, to destination: String) throws {
        try write(to: destination) { tmp in
            try data.write(to: URL(fileURLWithPath: tmp))
        }
    }

    /// Writes a UTF-8 string atomically.
    public static func write(_ text: String, to destination: String) throws {
        try write(Data(text.utf8), to: destination)
    }
}

/// Failure to move a finished temporary file into place.
public enum AtomicFileError: Error, CustomStringConvertible {
    case renameFailed(path: String, reason: String)
    public var description: String {
        switch self {
        case .renameFailed(let p, let r): return "\(p): cannot move the finished file into place (\(r))"
        }
    }
}
