import Dispatch
import Foundation
import NIfTI

/// Reads the volumes of a stream on a thread of its own, a few volumes ahead of the caller:
/// inflating a `.nii.gz` (ISA-L) and picking the masked voxels out of each volume then run on
/// two cores instead of one. Memory: `depth` volumes of float32. Volumes are handed over in
/// order, so errors surface in the order a sequential read meets them: a read error at volume t
/// only after the caller has seen volumes 0..<t.
///
/// The reader is a `Thread`, not a GCD work item: a caller that is itself a worker of a
/// parallel loop must never wait for work queued behind it.
final class VolumeReadAhead: @unchecked Sendable {
    private let stream: VolumeStream
    private let count: Int
    private let voxels: Int
    private let depth: Int
    private let buffers: [UnsafeMutableBufferPointer<Float>]
    private var errors: [Error?]
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stopRequested = false

    /// Starts reading `count` volumes of `voxels` values from `stream`.
    init(stream: VolumeStream, count: Int, voxels: Int, depth: Int = 4) {
        self.stream = stream
        self.count = count
        self.voxels = voxels
        self.depth = Swift.max(1, depth)
        buffers = (0..<self.depth).map { _ in
            let b = UnsafeMutableBufferPointer<Float>.allocate(capacity: Swift.max(voxels, 1))
            b.initialize(repeating: 0)
            return b
        }
        errors = [Error?](repeating: nil, count: self.depth)
        // created at 0 and signalled: libdispatch traps when a semaphore is released below
        // its initial value, which an early stop leaves it
        free = DispatchSemaphore(value: 0)
        for _ in 0..<self.depth { free.signal() }
        let reader = Thread { [self] in
            defer { finished.signal() }
            for t in 0..<count {
                free.wait()
                if stopped { filled.signal(); return }
                let slot = t % self.depth
                do { try stream.readNext(into: UnsafeMutableBufferPointer(rebasing: buffers[slot][0..<voxels])) } catch {
                    lock.lock(); errors[slot] = error; lock.unlock()
                    filled.signal()
                    return
                }
                filled.signal()
            }
        }
        reader.stackSize = 1 << 20
        reader.start()
    }

    private var stopped: Bool { lock.lock(); defer { lock.unlock() }; return stopRequested }

    /// Calls `body(t, volume)` for every volume in order (the buffer is valid inside the call
    /// only); stops at the first error, the reader's or the body's, after joining the reader.
    func forEach(_ body: (Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        defer {
            lock.lock(); stopRequested = true; lock.unlock()
            free.signal()             // a reader waiting for a slot sees the stop
            finished.wait()
            for b in buffers { b.deallocate() }
        }
        for t in 0..<count {
            filled.wait()
            let slot = t % depth
            lock.lock(); let e = errors[slot]; lock.unlock()
            if let e { throw e }
            try body(t, UnsafeBufferPointer(rebasing: buffers[slot][0..<voxels]))
            free.signal()
        }
    }
}
