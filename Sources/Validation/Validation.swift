/// `validate`'s pure parts (docs/VALIDATE.md): no I/O against MySQL or AWS happens here; the
/// command in Operations reads the view and the table and feeds these types.
public enum Validation {
    /// The version of the validation document (`validation_version`, docs/VALIDATE.md).
    public static let documentVersion = 1
}
