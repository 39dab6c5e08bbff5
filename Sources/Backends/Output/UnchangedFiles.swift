import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The files of an old output directory that `AtomicDirectoryWriter` may hard-link into the new
/// one instead of writing them again: exactly what would be written, and nothing that could be
/// shared with anything outside the directory.
struct UnchangedFiles {
    let root: String
    /// The mode `open(path, O_CREAT, 0o644)` gives a new file under this process's umask.
    let createdMode: mode_t
    /// Subdirectories of `root` ("" is root itself) that are real directories, not symbolic
    /// links: through a link, an old "file" would be one outside the directory.
    private var realDirectories: [Substring: Bool]

    init(of root: String) {
        self.root = root
        let mask = umask(0)
        umask(mask)
        createdMode = 0o644 & ~mask
        realDirectories = ["": UnchangedFiles.isDirectory(root)]
    }

    /// Links `root/path` (in subdirectory `directory`) as `new` when it is a regular file of
    /// this user, with the mode a new file gets, no other link (a file also linked elsewhere,
    /// say into a backup copy, is never shared further), holding `data` byte for byte. Anything
    /// else, or any failure, is false: the caller writes the file.
    ///
    /// `directory` must have been admitted (`admit`) before; one not admitted is never linked
    /// from. It changes nothing, so calls may run on several threads at once (with no `admit`
    /// meanwhile: `AtomicDirectoryWriter.Staging` admits every directory in `plan`).
    func link(_ path: String, in directory: Substring, as new: String, ifItHolds data: Data) -> Bool {
        guard realDirectories[directory] == true else { return false }
        let old = root + "/" + path
        var info = stat()
        guard lstat(old, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1, info.st_uid == geteuid(),
              info.st_mode & 0o7777 == createdMode, info.st_size == data.count, holds(old, data) else { return false }
        return Glibc.link(old, new) == 0
    }

    /// Whether the file's bytes are `data`: read up to one byte more than expected, so a file
    /// that grew since its `lstat` is not taken for equal.
    private func holds(_ path: String, _ data: Data) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: data.count + 1)
        var filled = 0
        while filled < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 { if errno == EINTR { continue }; return false }
            if n == 0 { break }
            filled += n
        }
        guard filled == data.count else { return false }
        // memcmp: `Data.elementsEqual` went byte by byte through Data's iterator.
        return data.withUnsafeBytes { expected in
            buffer.withUnsafeBytes { actual in
                expected.count == 0 || memcmp(expected.baseAddress!, actual.baseAddress!, expected.count) == 0
            }
        }
    }

    /// Looks at whether `directory` (and each directory above it) is a real directory of the
    /// old one, for `link`.
    mutating func admit(_ directory: Substring) { _ = isReal(directory) }

    private mutating func isReal(_ directory: Substring) -> Bool {
        if let known = realDirectories[directory] { return known }
        let parent = directory.lastIndex(of: "/").map { directory[..<$0] } ?? ""
        let real = isReal(parent) && UnchangedFiles.isDirectory(root + "/" + directory)
        realDirectories[directory] = real
        return real
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
