import Foundation

/// Where the reader's warnings go (nibabel's repairs of a header, such as an invalid
/// `sform_code` reset to 0). Each warning names the file. They are written to standard error as
/// `warning: FILE: MESSAGE` unless a handler is set (tests collect them; a GUI could show them).
/// Every opened image also keeps its own in `NIfTIImage.warnings`.
public enum NIfTIWarnings {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handler: (@Sendable (String) -> Void)?

    /// Replaces the destination of warnings (nil: standard error).
    public static func setHandler(_ h: (@Sendable (String) -> Void)?) {
        lock.lock(); defer { lock.unlock() }
        handler = h
    }

    static func emit(_ message: String) {
        lock.lock()
        let h = handler
        lock.unlock()
        if let h { h(message) } else { FileHandle.standardError.write(Data("warning: \(message)\n".utf8)) }
    }
}
