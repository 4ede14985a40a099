import ArgumentParser
import Foundation
import AtomicFiles
import Pipeline

/// An error the CLI reports on stderr with a non-zero exit. Library errors already name the
/// file and the problem; this wraps them so ArgumentParser prints just that message.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    /// A raw Foundation or POSIX error that escaped a library is put in words first
    /// (`FileSystemError`), so no `NSCocoaErrorDomain Code=...` reaches the user.
    init(_ error: Error) { self.message = "\(FileSystemError.wrapping(error, path: "output"))" }
    var description: String { message }
}


/// Loads a pipeline config for a command; on any problem prints every error (file:line:column)
/// on stderr and exits with status 1, so no command starts work on an invalid config.
func loadPipelineConfig(_ path: String) throws -> PipelineConfig {
    do { return try PipelineConfig.load(path) } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(1)
    }
}
