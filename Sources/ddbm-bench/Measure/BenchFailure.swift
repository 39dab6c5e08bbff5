/// Something that makes a measurement meaningless (rows that differ, a reference file that is
/// not one SELECT, ...). Unlike a missed target it makes the bench exit non-zero.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
