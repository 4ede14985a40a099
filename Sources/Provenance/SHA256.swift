import AtomicFiles
import COpenSSL
import Foundation

/// SHA-256 of files (OpenSSL's libcrypto), streamed in 1 MiB blocks so that large BOLD runs
/// are hashed without being loaded.
public enum SHA256 {
    /// Lower-case hex digest of a file's bytes. `isCancelled` is polled between 1 MiB blocks
    /// (background hashing stops there when the process is about to exit: `BackgroundWork`).
    ///
    /// Only regular files (links followed) are hashed: opening a named pipe blocks until a
    /// writer appears, before `isCancelled` is ever polled, and the CLI joins this background
    /// work before it exits, so a FIFO given as an input hung the command even after the reader
    /// had refused it; a device such as /dev/zero never ends.
    public static func hexDigest(ofFile path: String, isCancelled: () -> Bool = { false }) throws -> String {
        guard FileKind.isRegular(atPath: path) else { throw ProvenanceError.cannotRead(path) }
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw ProvenanceError.cannotRead(path)
        }
        defer { try? fh.close() }
        let ctx = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(ctx) }
        EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
        while true {
            if isCancelled() { throw ProvenanceError.cancelled(path) }
            let chunk = fh.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            _ = chunk.withUnsafeBytes { EVP_DigestUpdate(ctx, $0.baseAddress, chunk.count) }
        }
        return finish(ctx)
    }

    /// Lower-case hex digest of bytes.
    public static func hexDigest(of data: Data) -> String {
        let ctx = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(ctx) }
        EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
        _ = data.withUnsafeBytes { EVP_DigestUpdate(ctx, $0.baseAddress, data.count) }
        return finish(ctx)
    }

    /// Lower-case hex digest of a string's UTF-8 bytes.
    public static func hexDigest(of text: String) -> String { hexDigest(of: Data(text.utf8)) }

    private static func finish(_ ctx: OpaquePointer?) -> String {
        var md = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 0
        EVP_DigestFinal_ex(ctx, &md, &len)
        return md.prefix(Int(len)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Failures while recording provenance.
public enum ProvenanceError: Error, CustomStringConvertible {
    case cannotRead(String)
    /// Hashing stopped because the process is exiting (`BackgroundWork.cancelAndJoin`).
    case cancelled(String)
    public var description: String {
        switch self {
        case .cannotRead(let p): return "\(p): cannot read file to checksum it"
        case .cancelled(let p): return "\(p): checksum not computed (the command stopped first)"
        }
    }
}
