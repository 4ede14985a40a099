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
            var data = Data(capacity: Int(entry.uncompressedSize))
            // the checksum is verified below (CRC32: ZIPFoundation's own is slow on Linux)
            do { _ = try archive.extract(entry, skipCRC32: true) { data.append($0) } } catch {
                throw ArrayFileError(path: path, detail: "member \(entry.path) cannot be extracted (\(error))")
            }
            guard data.withUnsafeBytes(CRC32.checksum) == entry.checksum else {
                throw ArrayFileError(path: path, detail: "member \(entry.path) is corrupt (CRC-32 mismatch)")
            }
            let key = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
            out.append((key, try NPY.parse(data, name: "\(path)[\(key)]")))
        }
        return out
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
