import ContractSyntax
import Diagnostics
import Foundation
import MigrationIR

/// Sema on a second thread while the parser reads and decodes the next tables: the front end's
/// two halves each took about half of a `check` (perf, the 1,000-table synthetic contract:
/// reading and decoding 56 %, Sema 41 %), and tables are independent once decoded (the one
/// cross-table check, duplicate names, is the session's and stays in contract order: one thread
/// runs every `Sema.Session.check`, in the order the tables were sent).
///
/// What the user sees is exactly what the sequential front end gave. Sema reports into an engine
/// of its own (the decoder's engine is written by the other thread meanwhile, and Sema compares
/// error counts before and after each step, `BranchBuilder.failingOnError`, which must see its own
/// errors only). `diagnostics` then interleaves the two as the sequential run emitted them: each
/// table's Sema findings right after whatever the decoder had reported when the table was sent.
/// Both engines are capped at the caller's limit, so the first `limit` of the interleaving, the
/// ones kept, are the same.
///
/// At most `capacity` decoded tables wait: the parser blocks when Sema falls behind, so memory
/// stays what the sequential front end needed, a few tables' declarations more.
final class SemaPipeline: @unchecked Sendable {
    /// The engine Sema reports into; read only after `finish`.
    let semaDiagnostics: DiagnosticEngine
    private let session: Sema.Session
    private let capacity: Int
    /// Tables that wake the waiting Sema thread at once (and free as many places for the parser).
    private let batch: Int
    // Everything below is guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var waiting: [(table: TableDecl, decodeMark: Int)] = []
    private var closed = false
    private var finished = false
    /// Per table checked: how many decoder findings preceded it, and Sema's count after its check.
    private var marks: [(decode: Int, semaEnd: Int)] = []

    /// Starts the worker thread. The session must report into `semaDiagnostics` and be used by
    /// nothing else until `finish` returns.
    init(session: Sema.Session, semaDiagnostics: DiagnosticEngine, capacity: Int = 32, batch: Int = 8) {
        precondition(batch >= 1 && batch <= capacity)
        self.session = session
        self.semaDiagnostics = semaDiagnostics
        self.capacity = capacity
        self.batch = batch
        let worker = Thread { [self] in work() }
        // The main thread's size (Linux's default RLIMIT_STACK): Sema recurses over fragment
        // trees as deep as the parser allows, and must not run out of stack where the
        // sequential front end would not.
        worker.stackSize = 8 << 20
        worker.name = "ddb-migrate sema"
        worker.start()
    }

    /// Hands over the next table in contract order. `decodeMark` is the number of findings the
    /// decoder has reported so far (all of them about this table or earlier ones).
    func send(_ table: consuming TableDecl, decodeMark: Int) {
        condition.lock()
        while waiting.count >= capacity { condition.wait() }
        waiting.append((table, decodeMark))
        // Woken a batch at a time: a wake-up per table (a futex call and a context switch each)
        // made the two threads' CPU time half as much again as one thread's.
        if waiting.count == batch { condition.broadcast() }
        condition.unlock()
    }

    /// Waits until every table sent is checked. After it the session and `semaDiagnostics` are
    /// the caller's again.
    func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// The decoder's and Sema's findings in the order the sequential front end emitted them.
    func interleaved(with decoded: [Diagnostic]) -> [Diagnostic] {
        let sema = semaDiagnostics.diagnostics
        var out: [Diagnostic] = []
        out.reserveCapacity(decoded.count + sema.count)
        var d = 0, s = 0
        for mark in marks {
            let decodeEnd = min(mark.decode, decoded.count), semaEnd = min(mark.semaEnd, sema.count)
            if d < decodeEnd { out += decoded[d..<decodeEnd]; d = decodeEnd }
            if s < semaEnd { out += sema[s..<semaEnd]; s = semaEnd }
        }
        out += decoded[d...]
        out += sema[s...]
        return out
    }

    private func work() {
        while true {
            condition.lock()
            while waiting.isEmpty && !closed { condition.wait() }
            if waiting.isEmpty {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let next = waiting.removeFirst()
            if waiting.count == capacity - batch { condition.broadcast() }
            condition.unlock()
            session.check(next.table)
            let semaEnd = semaDiagnostics.diagnostics.count
            condition.lock()
            marks.append((next.decodeMark, semaEnd))
            condition.unlock()
        }
    }
}
