/// A position in an input file. Lines and columns are 1-based; columns count Unicode scalars,
/// so a caret drawn under the line lands on the character a person sees.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The same line, `n` scalars to the right. Used to point inside a string or fragment.
    public func advanced(by n: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + n)
    }

    public var description: String { "\(file):\(line):\(column)" }
}
