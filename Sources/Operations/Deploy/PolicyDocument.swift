import Foundation

/// IAM returns policy documents URL-encoded and possibly re-serialised (whitespace, key order),
/// so `plan` and `deploy` compare them as parsed JSON, never as text.
public enum PolicyDocument {
    /// True when both texts parse to the same JSON value. Text that is not JSON never equals.
    public static func equal(_ a: String, _ b: String) -> Bool {
        guard let x = parse(a), let y = parse(b) else { return false }
        return x.isEqual(y)
    }

    static func parse(_ text: String) -> NSObject? {
        guard let data = text.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? NSObject else { return nil }
        return value
    }
}
