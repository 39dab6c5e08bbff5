/// The wire type of a result column, from libmariadb's `enum_field_types`.
public enum MySQLColumnType: Hashable, Sendable {
    case decimal, tiny, short, long, float, double, null, timestamp, longLong, int24
    case date, time, dateTime, year, varChar, bit, json, enumeration, set
    case tinyBlob, mediumBlob, longBlob, blob, varString, string, geometry
    /// A type number this client does not name; kept so nothing is lost.
    case other(UInt32)

    init(rawType: UInt32) {
        switch rawType {
        case 0, 246: self = .decimal
        case 1: self = .tiny
        case 2: self = .short
        case 3: self = .long
        case 4: self = .float
        case 5: self = .double
        case 6: self = .null
        case 7, 17: self = .timestamp
        case 8: self = .longLong
        case 9: self = .int24
        case 10, 14: self = .date
        case 11, 19: self = .time
        case 12, 18: self = .dateTime
        case 13: self = .year
        case 15: self = .varChar
        case 16: self = .bit
        case 245: self = .json
        case 247: self = .enumeration
        case 248: self = .set
        case 249: self = .tinyBlob
        case 250: self = .mediumBlob
        case 251: self = .longBlob
        case 252: self = .blob
        case 253: self = .varString
        case 254: self = .string
        case 255: self = .geometry
        default: self = .other(rawType)
        }
    }

    /// Integer and exact/approximate numeric types.
    public var isNumeric: Bool {
        switch self {
        case .decimal, .tiny, .short, .long, .float, .double, .longLong, .int24, .year: return true
        default: return false
        }
    }
}

/// One column of a result: its label and wire type. `isBinary` is true for binary strings and
/// BLOBs (character set 63), whose values are bytes, not text.
public struct MySQLColumn: Hashable, Sendable {
    public var name: String
    public var type: MySQLColumnType
    public var isBinary: Bool
    public var isUnsigned: Bool

    public init(name: String, type: MySQLColumnType, isBinary: Bool = false, isUnsigned: Bool = false) {
        self.name = name; self.type = type; self.isBinary = isBinary; self.isUnsigned = isUnsigned
    }
}

/// One non-NULL value as the server sent it in the text protocol: the exact bytes, so a DECIMAL
/// keeps every digit and a BLOB every byte. NULL is represented by `nil` around this type.
public struct MySQLValue: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }

    /// The value as text (UTF-8; invalid sequences, possible only in binary columns, become U+FFFD).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// The value as a 64-bit integer, when its text is one.
    public var int: Int64? { Int64(text) }
    /// The value as an unsigned 64-bit integer (BIGINT UNSIGNED), when its text is one.
    public var uint: UInt64? { UInt64(text) }
    /// The value as a Double (approximate; DECIMAL callers should keep `text`).
    public var double: Double? { Double(text) }

    public var description: String { text }
}

/// One row, with its column labels for lookup by name.
public struct MySQLRow: Sendable {
    public let columns: [MySQLColumn]
    public let values: [MySQLValue?]

    public init(columns: [MySQLColumn], values: [MySQLValue?]) {
        self.columns = columns; self.values = values
    }

    public subscript(index: Int) -> MySQLValue? { values[index] }

    /// The value of the first column labelled `name` (case-insensitive, as MySQL compares labels);
    /// nil when the value is NULL or no such column exists.
    public subscript(name: String) -> MySQLValue? {
        guard let index = columnIndex(name) else { return nil }
        return values[index]
    }

    public func columnIndex(_ name: String) -> Int? {
        columns.firstIndex { $0.name == name } ?? columns.firstIndex { $0.name.lowercased() == name.lowercased() }
    }
}

/// A whole result held in memory (`mysql_store_result`). For large results use
/// `MySQLConnection.forEachRow`, which streams.
public struct ResultSet: Sendable {
    public var columns: [MySQLColumn]
    /// Row-major values; `nil` is SQL NULL.
    public var rows: [[MySQLValue?]]

    public init(columns: [MySQLColumn], rows: [[MySQLValue?]]) {
        self.columns = columns; self.rows = rows
    }

    public var count: Int { rows.count }

    /// The rows with their column labels.
    public var namedRows: [MySQLRow] { rows.map { MySQLRow(columns: columns, values: $0) } }

    /// The first row, if any.
    public var first: MySQLRow? { rows.first.map { MySQLRow(columns: columns, values: $0) } }
}
