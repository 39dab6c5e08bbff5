/// The tag `deploy` puts on everything it creates (Glue jobs, the IAM role, the uploaded
/// scripts) so that `cleanup` removes only what this migration made: a resource of the same
/// name without the tag is someone else's, or made by hand, and is left alone.
///
/// The value is the migration's IAM role name. It is stable (it is in the config and the
/// manifest, and changing it means a new role, that is a new migration), unique within the
/// account (IAM role names are, case-insensitively), known without any AWS call, and short
/// enough for every service's tag limits (role names are at most 64 characters; tag values may
/// have 256 in IAM, S3 and Glue). Two configs sharing a role name already share the role and its
/// policy, so they are one migration as far as AWS is concerned. The bucket and a prefix would
/// also be unique, but can pass the 256-character limit and are not the migration's identity:
/// several migrations may share one bucket.
public enum MigrationMarker {
    /// The key; `ddb-migrate:` tag keys are reserved for the tool (the config may not use them).
    public static let key = "ddb-migrate:migration"
    public static let reservedPrefix = "ddb-migrate:"

    /// The marker's value for a role name. IAM and S3 tag values allow letters, digits, spaces
    /// and `_ . : / = + - @` (botocore's IAM `tagValueType` pattern), role names also allow
    /// `,`: it becomes `_`.
    public static func value(roleName: String) -> String {
        roleName.replacingOccurrences(of: ",", with: "_")
    }

    /// The marker as a one-tag set.
    public static func tag(roleName: String) -> [String: String] { [key: value(roleName: roleName)] }

    /// `tags` with the marker added (it wins over a same-named key, which the config parser refuses).
    public static func adding(to tags: [String: String], roleName: String) -> [String: String] {
        tags.merging(tag(roleName: roleName)) { _, marker in marker }
    }
}

extension MigrationConfig {
    /// The tags deploy puts on the role and the jobs: the config's `tags` and the marker.
    public var resourceTags: [String: String] { MigrationMarker.adding(to: tags, roleName: glue.roleName) }
}
