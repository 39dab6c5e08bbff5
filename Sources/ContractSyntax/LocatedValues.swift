import Diagnostics

/// A value read from the contract, with where it was written.
public struct Located<T> {
    public var value: T
    public var location: SourceLocation
    public init(_ value: T, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where T: Equatable {}
extension Located: Hashable where T: Hashable {}
extension Located: Sendable where T: Sendable {}

/// A JSON string from the contract with enough position information to point at any character
/// inside it, even after escapes (`\"`, `\u00e9`) shifted the decoded text against the file.
public struct LocatedString: Hashable, Sendable {
    public var value: String
    /// Location of the opening quote.
    public var location: SourceLocation
    /// Column of each Unicode scalar of `value` in the file; nil when the string has no escapes
    /// (then scalar i is at `location.column + 1 + i`). JSON strings never span lines.
    public var scalarColumns: [Int]?

    public init(_ value: String, at location: SourceLocation, scalarColumns: [Int]? = nil) {
        self.value = value
        self.location = location
        self.scalarColumns = scalarColumns
    }

    /// Where scalar number `offset` of the decoded value stands in the file (`offset == count`
    /// points at the closing quote).
    public func location(ofScalar offset: Int) -> SourceLocation {
        if let cols = scalarColumns {
            var at = location
            if offset < cols.count {
                at.column = cols[offset]
            } else {
                at.column = (cols.last.map { $0 + 1 } ?? location.column + 1) + (offset - cols.count)
            }
            return at
        }
        return location.advanced(by: 1 + offset)
    }
}
