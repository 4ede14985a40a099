import AtomicFiles
import Foundation
import ZIPFoundation

/// NumPy `.npz` archives: a ZIP of `.npy` members, one per named array (`numpy.savez`,
/// `numpy.savez_compressed`; both stored and deflated members are read).
public enum NPZ {
    /// Reads every array, keyed by member name without the `.npy` suffix, in archive order.
    public static func read(_ path: String) throws -> [(name: String, array: NPYArray)] {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw ArrayFileError(path: path, detail: "not a readable .npz (ZIP) archive (\(error))")
        }
        var out: [(String, NPYArray)] = []
        for entry in archive where entry.type == .file {
            let key = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
            let data = try extractMember(entry, of: archive, path: path, name: "\(path)[\(key)]")
            out.append((key, try NPY.parse(data, name: "\(path)[\(key)]")))
        }
        return out
    }

    /// Deflate cannot expand data by more than about 1032:1 (RFC 1951: a 258-byte match costs
    /// at least 2 bits); a member that claims more than this per compressed byte is refused
    /// before inflating.
    static let maximumDeflateRatio: UInt64 = 1032

    /// Inflates one member, bounded by what it declares: the `.npy` header is inflated first
    /// and its shape gives the member's exact size, which must agree with the ZIP entry's
    /// uncompressed size (and, for deflate, with its compressed size); inflation stops with an
    /// error as soon as the stream holds more than that, so memory is bounded by the declared
    /// shape of data that can really be there, never by an archive's claim (issue 12, finding 8).
    static func extractMember(_ entry: Entry, of archive: Archive, path: String, name: String) throws -> Data {
        let compressed = entry.compressedSize
        let claimed = entry.uncompressedSize
        let ceiling = entry.compressedSize == entry.uncompressedSize ? claimed
            : compressed.multipliedReportingOverflow(by: maximumDeflateRatio).partialValue + 1024
        guard claimed <= ceiling else {
            throw ArrayFileError(path: name, detail: "member claims \(claimed) bytes from \(compressed) compressed bytes, more than deflate can expand to")
        }
        struct Stop: Error {}
        var data = Data()
        var expected: Int?
        var problem: String?
        do {
            // the checksum is verified below (CRC32: ZIPFoundation's own is slow on Linux)
            _ = try archive.extract(entry, skipCRC32: true) { chunk in
                data.append(chunk)
                if expected == nil, let extent = try NPY.extent(ofPrefix: data, name: name) {
                    let (total, overflow) = extent.dataStart.addingReportingOverflow(extent.dataBytes)
                    guard !overflow, UInt64(total) == claimed else {
                        problem = "its header declares \(overflow ? "more than addressable" : "\(total)") bytes (shape and dtype), the archive entry \(claimed)"
                        throw Stop()
                    }
                    expected = total
                    data.reserveCapacity(total)
                } else if expected == nil, data.count > NPY.maxHeaderLength + 12 {
                    problem = "no complete .npy header in its first \(data.count) bytes"
                    throw Stop()
                }
                if let e = expected, data.count > e {
                    problem = "holds more than the \(e) bytes its header declares"
                    throw Stop()
                }
            }
        } catch is Stop {
            throw ArrayFileError(path: name, detail: problem ?? "inconsistent member")
        } catch let e as ArrayFileError {
            throw e
        } catch {
            throw ArrayFileError(path: name, detail: "cannot be extracted (\(error))")
        }
        guard data.withUnsafeBytes(CRC32.checksum) == entry.checksum else {
            throw ArrayFileError(path: name, detail: "member is corrupt (CRC-32 mismatch)")
        }
        return data
    }

    /// Writes arrays as an `.npz` (deflate-compressed when `compressed`), atomically.
    public static func write(_ arrays: [(name: String, array: NPYArray)], to path: String, compressed: Bool = false) throws {
        try AtomicFile.write(to: path) { tmp in
            let archive: Archive
            do { archive = try Archive(url: URL(fileURLWithPath: tmp), accessMode: .create) } catch {
                throw ArrayFileError(path: path, detail: "cannot create archive (\(error))")
            }
            for (name, array) in arrays {
                let bytes = NPY.encode(array)
                // a fixed timestamp (the ZIP epoch) so the same arrays always give the same bytes
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(bytes.count),
                                     modificationDate: Date(timeIntervalSince1970: 315_532_800),
                                     compressionMethod: compressed ? .deflate : .none) { position, size in
                    bytes.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
        }
    }
}
