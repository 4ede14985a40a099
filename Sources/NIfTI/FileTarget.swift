import AtomicFiles
import Foundation

/// The file a path names after following symbolic links. DataLad / git-annex datasets (all of
/// OpenNeuro) are made of relative links, often chains, into `.git/annex/objects/...`: sizes and
/// kinds must be the target's, never the link's, and a link whose content is absent (not yet
/// `datalad get`) or that loops must be named as such.
enum FileTarget {
    /// Size in bytes of the regular file `path` resolves to. `reportAs` is the path named in errors.
    static func size(of path: String, reportAs: String) throws -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw NIfTIError(path: reportAs, kind: .cannotOpen, detail: whyUnreadable(path, errno: errno))
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw NIfTIError(path: reportAs, kind: .cannotOpen, detail: "\(path == reportAs ? "this" : path) is a folder, not a NIfTI file")
        }
        // Only regular files: a named pipe blocks the reader until something writes to it (a
        // hang, not an error), and a device (/dev/zero) has no size to check the header's
        // claims against. Sizes and offsets of the header are checked against `st_size`.
        if let kind = FileKind.special(st.st_mode) {
            throw NIfTIError(path: reportAs, kind: .cannotOpen,
                             detail: "\(path == reportAs ? "this" : path) is \(kind), not a regular file; NIfTI images are read from files (copy the data into one first)")
        }
        return Int(st.st_size)
    }

    /// Checks that `path` resolves to a readable file; throws a clear error otherwise.
    static func requireReadable(_ path: String) throws {
        _ = try size(of: path, reportAs: path)
        guard access(path, R_OK) == 0 else {
            throw NIfTIError(path: path, kind: .cannotOpen, detail: "cannot open file (\(String(cString: strerror(errno))))")
        }
    }

    /// Why `stat` failed, in words: a dangling link (with its target), a link loop, or the
    /// system's reason.
    static func whyUnreadable(_ path: String, errno code: Int32) -> String {
        if code == ELOOP {
            return "symbolic link loop: following the links from \(path) never reaches a file (too many levels of symbolic links)"
        }
        var lst = stat()
        if code == ENOENT, lstat(path, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFLNK {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            return "\(path) is a symbolic link to \(target), which does not exist (a dangling link; in a DataLad or git-annex dataset the file's content is not here yet: run `datalad get` on it)"
        }
        return "cannot open \(path) (\(String(cString: strerror(code))))"
    }
}
