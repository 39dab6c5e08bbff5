/// The one shell-quoting function of the generated documents: every command a runbook prints is
/// built as a list of words and joined here, so a name can never split a word or expand.
///
/// Names reaching commands are validated (table names `[A-Za-z0-9_.-]`, bucket names, job names),
/// so most words need no quotes; anything else (a JMESPath `Contents[].Key`, a name with a space
/// or a quote) is single-quoted POSIX-style, where nothing is special but `'` itself, written `'\''`.
public enum ShellWords {
    /// Bytes that mean nothing to a POSIX shell anywhere in a word (no glob, no expansion, no
    /// separator, no `~` at the start, no `=` that could read as an assignment at the start):
    /// `a-z A-Z 0-9 _ - . / : @ % + , =`, as two bit masks by ASCII value, the bytes below 64 and
    /// those from 64. The runbooks quote every word of ~50 commands per table: hashing each
    /// `Character` into a `Set` was a fifth of a 1,000-table generate, and a table in an array (a
    /// lazily made global) was still a `swift_once` per word. Any byte of a non-ASCII character is
    /// not plain, so such a word is quoted.
    private static var plainBelow64: UInt64 { 0x27FF_F820_0000_0000 }
    private static var plainFrom64: UInt64 { 0x07FF_FFFE_87FF_FFFF }

    @inline(__always)
    static func isPlainByte(_ b: UInt8) -> Bool {
        b < 64 ? (plainBelow64 >> b) & 1 == 1 : b < 128 && (plainFrom64 >> (b - 64)) & 1 == 1
    }

    public static func quote(_ word: String) -> String {
        if isPlain(word) { return word }
        var out: [UInt8] = []
        appendQuoted(word, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `word` in single quotes, each `'` in it written `'\''`, over its bytes (`'` is one byte
    /// in UTF-8 and no other character's): Foundation's replacingOccurrences bridged each word
    /// through NSString, and splitting by Character walked grapheme boundaries: a fifth of the alarm
    /// commands' cost while an index alarm's description said "the table's writes".
    private static func appendQuoted(_ word: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "'"))
        for b in word.utf8 {
            if b == UInt8(ascii: "'") { out.append(contentsOf: "'\\''".utf8) } else { out.append(b) }
        }
        out.append(UInt8(ascii: "'"))
    }

    /// Whether `word` may stand unquoted: not empty, no leading `=`, every byte plain. Over the
    /// contiguous UTF-8 bytes (a native String's own storage): iterating `utf8` through the
    /// generic `allSatisfy` cost ~0.06 s of a 1,000-table generate.
    static func isPlain(_ word: String) -> Bool {
        var word = word
        return word.withUTF8(isPlain)
    }

    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, first != UInt8(ascii: "=") else { return false }
        for b in bytes where !isPlainByte(b) { return false }
        return true
    }

    /// The words as one command line, each quoted as needed, appended as UTF-8 bytes into one
    /// buffer (String appends check capacity and ASCII-ness each time; ~45 commands per table).
    public static func command(_ words: [String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(words.reduce(words.count) { $0 + $1.utf8.count + 2 })
        append(words: words, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// One command over several lines, each line's words as `command` joins them, a line ended
    /// by ` \` and the next indented by two spaces (POSIX shell: a backslash before the newline
    /// removes both, so the shell reads one command).
    public static func command(lines: [[String]]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.reduce($1.count + 4) { $0 + $1.utf8.count + 2 } })
        for (l, words) in lines.enumerated() {
            if l > 0 { out.append(contentsOf: " \\\n  ".utf8) }
            append(words: words, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The words, quoted as needed, separated by spaces.
    private static func append(words: [String], to out: inout [UInt8]) {
        for (i, word) in words.enumerated() {
            if i > 0 { out.append(UInt8(ascii: " ")) }
            append(word, to: &out)
        }
    }

    /// `quote(word)`'s bytes appended to `out`; a plain word's own bytes in one copy (appending
    /// the `utf8` view of the quoted String went through the generic sequence append).
    private static func append(_ word: String, to out: inout [UInt8]) {
        var word = word
        let appended = word.withUTF8 { bytes in
            guard isPlain(bytes) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !appended { appendQuoted(word, to: &out) }
    }
}
