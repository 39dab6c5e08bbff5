/// The one shell-quoting function of the generated documents: every command a runbook prints is
/// built as a list of words and joined here, so a name can never split a word or expand.
///
/// Names reaching commands are validated (table names `[A-Za-z0-9_.-]`, bucket names, job names),
/// so most words need no quotes; anything else (a JMESPath `Contents[].Key`, a name with a space
/// or a quote) is single-quoted POSIX-style, where nothing is special but `'` itself, written `'\''`.
public enum ShellWords {
    /// Characters that mean nothing to a POSIX shell anywhere in a word (no glob, no expansion,
    /// no separator, no `~` at the start, no `=` that could read as an assignment at the start).
    /// A table by ASCII byte: the runbooks quote every word of ~50 commands per table, and
    /// hashing each `Character` into a `Set` was a fifth of a 1,000-table generate. Any byte of a
    /// non-ASCII character is not plain, so such a word is quoted, as before.
    static let plain: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for b in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+,=".utf8 { table[Int(b)] = true }
        return table
    }()

    public static func quote(_ word: String) -> String {
        if isPlain(word) { return word }
        // Most quoted words (JMESPath queries) hold no `'`: Foundation's replacingOccurrences
        // bridged each through NSString, ~0.02 s of a 1,000-table generate.
        guard word.utf8.contains(UInt8(ascii: "'")) else { return "'" + word + "'" }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// Whether `word` may stand unquoted: not empty, no leading `=`, every byte plain. Over the
    /// contiguous UTF-8 bytes (a native String's own storage): iterating `utf8` through the
    /// generic `allSatisfy` cost ~0.06 s of a 1,000-table generate.
    static func isPlain(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { bytes in
            guard let first = bytes.first, first != UInt8(ascii: "=") else { return false }
            let table = plain
            for b in bytes where b >= 0x80 || !table[Int(b)] { return false }
            return true
        }
    }

    /// The words as one command line, each quoted as needed, appended as UTF-8 bytes into one
    /// buffer (String appends check capacity and ASCII-ness each time; ~45 commands per table).
    public static func command(_ words: [String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(words.reduce(words.count) { $0 + $1.utf8.count })
        for (i, word) in words.enumerated() {
            if i > 0 { out.append(UInt8(ascii: " ")) }
            out.append(contentsOf: quote(word).utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
