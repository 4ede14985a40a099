import Dispatch
import Foundation
import NIfTI

/// Reads the volumes of a 4D image on a background thread into a small ring of float32
/// buffers while the caller processes earlier ones, so decompression (ISA-L's inflate, the
/// bottleneck for `.nii.gz`) overlaps with the per-volume work on a second core. At most
/// `depth` volumes (each `voxelsPerVolume` floats) are in memory; the stream is read once, in
/// order, and its gzip CRC is checked at the end.
final class VolumePrefetcher {
    private let image: NIfTIImage
    private let depth: Int
    /// `depth` slots of one volume each, in one raw allocation: the reader thread writes slot
    /// t % depth while the caller reads another (raw memory, so no Swift exclusivity conflict).
    private let storage: UnsafeMutablePointer<Float>
    private let perVolume: Int
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private let done = DispatchGroup()
    private let lock = NSLock()
    private var readError: Error?
    private var cancelled = false

    /// The stream, opened before the ring is allocated: opening checks the file's size against
    /// the header and, for gzip, inflates the first volume as its bytes arrive, so a header
    /// claiming more than the file holds fails here, not after `depth` volumes were allocated.
    private let stream: VolumeStream

    init(image: NIfTIImage, depth: Int = 3) throws {
        self.image = image
        self.depth = depth
        stream = try image.volumes()
        perVolume = image.header.voxelsPerVolume
        storage = .allocate(capacity: depth * perVolume)
        storage.initialize(repeating: 0, count: depth * perVolume)
        // created at 0 and raised to `depth`: libdispatch traps when a semaphore is destroyed
        // with a value below its initial one, which an early error can leave behind
        free = DispatchSemaphore(value: 0)
        for _ in 0..<depth { free.signal() }
    }

    deinit { storage.deallocate() }

    private func slot(_ t: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: storage + (t % depth) * perVolume, count: perVolume)
    }

    /// Calls `body(t, volume)` for every volume in order. Errors of the reader (truncated or
    /// corrupt data) and of `body` are rethrown; the reader thread has stopped when this returns.
    func forEachVolume(_ body: (Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        let n = image.header.volumeCount
        done.enter()
        Thread.detachNewThread { [self] in
            defer { done.leave() }
            do {
                for t in 0..<n {
                    free.wait()
                    lock.lock(); let stop = cancelled; lock.unlock()
                    if stop { return }
                    try stream.readNext(into: slot(t))
                    filled.signal()
                }
                try stream.finish()
            } catch {
                lock.lock(); readError = error; lock.unlock()
                filled.signal()
            }
        }
        defer {
            lock.lock(); cancelled = true; lock.unlock()
            for _ in 0..<depth { free.signal() }
            done.wait()
        }
        for t in 0..<n {
            filled.wait()
            lock.lock(); let e = readError; lock.unlock()
            if let e { throw e }
            try body(t, UnsafeBufferPointer(slot(t)))
            free.signal()
        }
        // Wait for the reader's end-of-stream check (CRC) before declaring success.
        done.wait()
        lock.lock(); let e = readError; lock.unlock()
        if let e { throw e }
    }
}
