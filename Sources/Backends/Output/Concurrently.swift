import Dispatch

/// Independent pieces of work spread over the machine's cores, their results in a fixed order,
/// so that what is built does not depend on which piece finished first.
public enum Concurrently {
    /// `body(i)` for every `i` in `0..<count`, run on Dispatch's worker threads (the calling
    /// thread among them), returned in index order. Each call must touch nothing the others write.
    /// When calls throw, the error of the lowest index is rethrown once all have finished, as a
    /// loop would have thrown it first.
    public static func map<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
        var results = [Result<T, Error>?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { slots in
            // Each call writes its own slot, and concurrentPerform returns only after all are done.
            let slots = Slots(base: slots.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                slots.base[i] = Result { try body(i) }
            }
        }
        return try results.map { try $0!.get() }
    }

    /// The results' storage, handed to the worker threads (one slot each).
    private struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result<T, Error>?>
    }
}
