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

    /// `a()` and `b()` at once (one after the other when `alone`, for a caller timing each),
    /// their results as a pair; an error of `a` before one of `b`, as in a loop.
    public static func both<A, B>(alone: Bool = false, _ a: () throws -> A, _ b: () throws -> B) throws -> (A, B) {
        if alone { return (try a(), try b()) }
        var first: Result<A, Error>?
        var second: Result<B, Error>?
        withUnsafeMutablePointer(to: &first) { first in
            withUnsafeMutablePointer(to: &second) { second in
                let slots = Pair(first: first, second: second)
                DispatchQueue.concurrentPerform(iterations: 2) { i in
                    if i == 0 { slots.first.pointee = Result { try a() } } else { slots.second.pointee = Result { try b() } }
                }
            }
        }
        return (try first!.get(), try second!.get())
    }

    private struct Pair<A, B>: @unchecked Sendable {
        let first: UnsafeMutablePointer<Result<A, Error>?>
        let second: UnsafeMutablePointer<Result<B, Error>?>
    }

    /// The results' storage, handed to the worker threads (one slot each).
    private struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result<T, Error>?>
    }
}
