/// The one shell-quoting function of the generated documents: every command a runbook prints is
/// built as a list of words and joined here, so a name can never split a word or expand.
///
/// Names reaching commands are validated (table names `[A-Za-z0-9_.-]`, bucket names, job names),
/// so most words need no quotes; anything else (a JMESPath `Contents[].Key`, a name with a space
/// or a quote) is single-quoted POSIX-style, where nothing is special but `'` itself, written `'\''`.
public enum ShellWords {
    /// Characters that mean nothing to a POSIX shell anywhere in a word (no glob, no expansion,
    /// no separator, no `~` at the start, no `=` that could read as an assignment at the start).
    static let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+,=")

    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy(plain.contains), word.first != "=" { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The words as one command line, each quoted as needed.
    public static func command(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
