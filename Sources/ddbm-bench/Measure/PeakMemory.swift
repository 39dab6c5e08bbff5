#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's peak resident set so far (getrusage `ru_maxrss`): a high-water mark of the
/// whole process, which is why each key count of the figure is measured in its own process.
enum PeakMemory {
    static func residentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        #if os(Linux)
        return Int(usage.ru_maxrss) * 1024   // kilobytes on Linux
        #else
        return Int(usage.ru_maxrss)          // bytes on macOS
        #endif
    }
}
