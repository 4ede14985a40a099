import AtomicFiles
import Foundation

/// All-or-nothing output of one command: every file is written into a hidden staging folder
/// inside the output folder, and only when all of them are complete are they renamed into place
/// (rename is atomic within one file system). If anything fails before `commit`, `discard`
/// removes the staging folder and the output folder holds no new or partial file.
public final class OutputStaging {
    public let outputFolder: String
    let staging: String
    /// True when this staging created the output folder (a failed command then removes it
    /// again if it is still empty: no output at all).
    let createdOutputFolder: Bool
    /// Final paths staged so far, in order.
    public private(set) var staged: [String] = []

    public init(outputFolder: String) throws {
        self.outputFolder = outputFolder
        createdOutputFolder = !FileManager.default.fileExists(atPath: outputFolder)
        try AtomicFile.createFolder(outputFolder)
        staging = outputFolder + "/.neurorep-staging-" + UUID().uuidString.prefix(8)
        try AtomicFile.createFolder(staging)
    }

    /// The path to write `name` to now (inside the staging folder); its final path is
    /// `outputFolder/name`. Two outputs with one name are an error (two inputs with the same
    /// BIDS entities would overwrite each other).
    public func path(for name: String) throws -> String {
        let final = outputFolder + "/" + name
        guard !staged.contains(final) else {
            throw FMRIWorkflowError.outputCollision("two outputs would be written to \(final); give inputs distinct sub/ses/task/run entities")
        }
        staged.append(final)
        return staging + "/" + name
    }

    /// Moves every staged file into place and removes the staging folder.
    public func commit() throws {
        for final in staged {
            let tmp = staging + "/" + URL(fileURLWithPath: final).lastPathComponent
            guard rename(tmp, final) == 0 else {
                let code = errno
                throw FileSystemError(path: final, problem: "cannot move the finished file into place: " + FileSystemError.words(errno: code))
            }
        }
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Removes the staging folder and everything in it.
    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
        if createdOutputFolder, (try? FileManager.default.contentsOfDirectory(atPath: outputFolder))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: outputFolder)
        }
    }
}
