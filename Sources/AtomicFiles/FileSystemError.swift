import Foundation

/// A file-system failure in words: the file and the problem ("no space left on the device"),
/// instead of Foundation's raw `NSCocoaErrorDomain Code=640` (issue 12, finding 12).
///
/// `AtomicFile.write` wraps every Foundation or POSIX error of a write with `wrapping(_:path:)`,
/// so each writer that goes through it reports the same words; the CLI passes any error that
/// is still a raw Foundation one through `wrapping` too before printing.
public struct FileSystemError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let problem: String
    public init(path: String, problem: String) { self.path = path; self.problem = problem }
    /// The path as the user knows it: a temporary name (`.x.tmp-1A2B3C4D.npy`) or a staging
    /// folder (`.neurorep-staging-1A2B3C4D/`) stands for the output being written.
    public var description: String { "\(FileSystemError.userFacing(path)): \(problem)" }

    /// `path` with NeuroRep's temporary names replaced by the output they become.
    public static func userFacing(_ path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeAll { $0.hasPrefix(".neurorep-staging-") }
        if let last = parts.last, last.hasPrefix("."), let r = last.range(of: #"\.tmp-[0-9A-F]{8}"#, options: .regularExpression) {
            parts[parts.count - 1] = String(last[last.index(after: last.startIndex)..<r.lowerBound]) + last[r.upperBound...]
        }
        return parts.joined(separator: "/")
    }

    /// Creates (or truncates) `path` for writing and returns its handle; a failure is a
    /// `FileSystemError` with the system's reason in words (FileManager's `createFile` says
    /// only that it failed).
    public static func openForWriting(_ path: String) throws -> FileHandle {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            let code = errno
            throw FileSystemError(path: path, problem: "cannot create the file: " + words(errno: code))
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// `error` in words when it is a Foundation (Cocoa) or POSIX error; any other error (the
    /// libraries' own, which already name the file and the problem) is returned unchanged.
    /// `path` is used when the error does not name a file itself.
    public static func wrapping(_ error: Error, path: String) -> Error {
        if error is FileSystemError { return error }
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return error }
        let file = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path ?? path
        return FileSystemError(path: file, problem: words(for: ns))
    }

    /// The problem of a Foundation or POSIX error in words; the errno behind a Cocoa error
    /// decides when there is one (it is the more precise of the two).
    static func words(for ns: NSError) -> String {
        if ns.domain == NSPOSIXErrorDomain { return words(errno: Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return words(errno: Int32(underlying.code))
        }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileWriteOutOfSpace: return words(errno: ENOSPC)
        case .fileWriteVolumeReadOnly: return words(errno: EROFS)
        case .fileWriteFileExists: return words(errno: EEXIST)
        case .fileWriteNoPermission, .fileReadNoPermission: return words(errno: EACCES)
        case .fileNoSuchFile, .fileReadNoSuchFile: return words(errno: ENOENT)
        case .fileWriteInvalidFileName, .fileReadInvalidFileName: return "not a valid file name"
        case .fileReadCorruptFile: return "the file is corrupt"
        case .fileReadTooLarge: return "the file is too large to read"
        default: return "cannot write or read the file (\(ns.localizedDescription))"
        }
    }

    /// The words for an errno value from a file operation.
    public static func words(errno code: Int32) -> String {
        switch code {
        case ENOSPC: return "no space left on the device (the disk or its quota is full)"
        case EDQUOT: return "the disk quota is exhausted"
        case EROFS: return "the folder is on a read-only file system"
        case EACCES, EPERM: return "permission denied (the folder or file is not writable by this user)"
        case EEXIST: return "a file is in the way: the output path or one of its folders exists as a file"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case EISDIR: return "the output path is a folder, not a file"
        case ENOENT: return "no such file or folder"
        case ENAMETOOLONG: return "the file name is too long"
        case EFBIG: return "the file is larger than this file system or the file size limit allows"
        case EIO: return "input/output error on the device"
        default: return String(cString: strerror(code))
        }
    }
}
