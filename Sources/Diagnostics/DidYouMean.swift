/// "Did you mean ...?" suggestions by edit distance, for misspelt keys, tables and columns.
public enum DidYouMean {
    /// The closest candidate within a distance that scales with the word's length, or nil.
    /// Internal: stages use `suggestion(for:at:among:)`, which also builds the fix-it.
    static func suggest(_ word: String, among candidates: [String]) -> String? {
        let lower = word.lowercased()
        var best: (String, Int)?
        for c in candidates {
            let d = distance(lower, c.lowercased())
            let allowed = max(1, min(3, c.count / 3))
            if d <= allowed, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        return best?.0
    }

    /// Levenshtein distance over Unicode scalars (with transpositions counted as one edit).
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            prev2 = prev
            prev = cur
        }
        return prev[y.count]
    }
}

/// A "did you mean" for one located word: the part a message ends with and the fix-it that
/// replaces the word. The one way every stage builds it, so all suggestions read alike.
public struct Suggestion: Sendable, Hashable {
    /// The candidate proposed.
    public var replacement: String
    public var fixIt: FixIt
    /// "did you mean 'x'?", for the end of a message.
    public var question: String { "did you mean '\(replacement)'?" }
    public var fixIts: [FixIt] { [fixIt] }
}

extension DidYouMean {
    /// How the fix-it reads: "did you mean 'x'?" (a name), "replace 'k' with 'x'" (a key),
    /// "replace with 'x'" (a value).
    public enum FixItWording: Sendable { case question, replaceWord, replaceValue }

    /// The suggestion for `word`, whose first scalar is at `location` (for a JSON string, one past
    /// the opening quote), or nil when no candidate is close.
    public static func suggestion(for word: String, at location: SourceLocation?, among candidates: [String],
                                  wording: FixItWording = .question) -> Suggestion? {
        guard let s = suggest(word, among: candidates) else { return nil }
        let message: String
        switch wording {
        case .question: message = "did you mean '\(s)'?"
        case .replaceWord: message = "replace '\(word)' with '\(s)'"
        case .replaceValue: message = "replace with '\(s)'"
        }
        return Suggestion(replacement: s, fixIt: FixIt(message: message, location: location, length: word.unicodeScalars.count, replacement: s))
    }
}
