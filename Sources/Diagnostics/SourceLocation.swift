import Foundation

/// A position in an input file. Lines and columns are 1-based; columns count Unicode scalars,
/// so a caret drawn under the line lands on the character a person sees.
///
/// The file is stored as its number in `SourceFileNames` rather than as a `String`: the compiler
/// makes a location for every key and value of a contract and copies it into the AST and the IR,
/// and a `String` field made every copy an atomic reference-count operation (a large share of
/// `check`'s time on a big contract) and every location 40 bytes instead of 16. `file` reads and
/// writes the name as before; equality, hashing and the encoded form are unchanged. Lines and
/// columns are kept in 32 bits (clamped; contracts are limited to 32 MB).
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file's number in `SourceFileNames` (same number, same name).
    public var fileID: SourceFileID
    private var storedLine: Int32
    private var storedColumn: Int32

    public var file: String {
        get { SourceFileNames.name(of: fileID) }
        set { fileID = SourceFileNames.id(of: newValue) }
    }
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(file: String, line: Int, column: Int) {
        self.init(fileID: SourceFileNames.id(of: file), line: line, column: column)
    }

    /// For readers that make many locations in one file: the name is looked up once, not per location.
    public init(fileID: SourceFileID, line: Int, column: Int) {
        self.fileID = fileID
        self.storedLine = Int32(clamping: line)
        self.storedColumn = Int32(clamping: column)
    }

    /// The same line, `n` scalars to the right. Used to point inside a string or fragment.
    public func advanced(by n: Int) -> SourceLocation {
        var moved = self
        moved.column = column + n
        return moved
    }

    public var description: String { "\(file):\(line):\(column)" }

    private enum CodingKeys: String, CodingKey { case file, line, column }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(file: try c.decode(String.self, forKey: .file), line: try c.decode(Int.self, forKey: .line),
                  column: try c.decode(Int.self, forKey: .column))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
    }
}

/// A file's number in `SourceFileNames`.
public typealias SourceFileID = UInt32

/// The process-wide table of file names behind `SourceLocation.fileID`. Names are added, never
/// removed: a process reads a handful of files (the MCP server one per request it checks), so the
/// table stays small.
public enum SourceFileNames {
    private final class Table: @unchecked Sendable {
        let lock = NSLock()
        var names: [String] = []
        var ids: [String: SourceFileID] = [:]
    }
    private static let table = Table()

    public static func id(of name: String) -> SourceFileID {
        table.lock.lock()
        defer { table.lock.unlock() }
        if let id = table.ids[name] { return id }
        let id = SourceFileID(table.names.count)
        table.names.append(name)
        table.ids[name] = id
        return id
    }

    public static func name(of id: SourceFileID) -> String {
        table.lock.lock()
        defer { table.lock.unlock() }
        return table.names[Int(id)]
    }
}
