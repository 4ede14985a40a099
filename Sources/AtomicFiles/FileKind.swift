import Foundation

/// What kind of file a path resolves to (symbolic links followed), for readers that accept
/// regular files only: a named pipe blocks a reader (and the background SHA-256 of the inputs)
/// until something writes to it, a hang rather than an error, and a device such as /dev/zero
/// never ends and has no size to check a header's claims against. One description in words,
/// shared by the NIfTI, table and checksum readers.
public enum FileKind {
    /// `mode` in words when it is neither a regular file nor a folder ("a named pipe (FIFO)"),
    /// else nil.
    public static func special(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    /// `special` of what `path` resolves to; nil also when it cannot be examined (a missing
    /// file: the reader's own error says so).
    public static func special(atPath path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return special(st.st_mode)
    }

    /// Whether `path` resolves to a regular file.
    public static func isRegular(atPath path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }
}
