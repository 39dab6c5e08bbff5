import ContractSyntax
import Diagnostics
import Foundation

/// Reads and checks a migration config (docs/CONFIG.md) with the contract's diagnostics: every
/// problem at its line and column, did-you-mean for misspelt keys, and a hard error for anything
/// that looks like a secret (credentials belong in the Glue connection, never in a file we read).
public enum ConfigParser {
    public static func parse(bytes: [UInt8], file: String, diagnostics d: DiagnosticEngine) -> MigrationConfig? {
        guard let root = JSONReader.read(bytes: bytes, file: file, diagnostics: d) else { return nil }
        let errorsBefore = d.errorCount
        let r = Reader(d: d)
        guard let top = r.object(root, "the config") else { return nil }
        r.keys(top, "the config", Keys.top)
        let base = MigrationConfig.placeholder
        var c = base

        c.region = r.string(top, "region", required: true, pattern: regionOK,
                            expect: "an AWS region such as us-east-1") ?? base.region
        c.accountId = r.string(top, "account_id", required: true, pattern: { $0.count == 12 && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } },
                               expect: "a 12-digit AWS account id") ?? base.accountId

        if let s3 = r.child(top, "s3", required: true) {
            r.keys(s3, "'s3'", Keys.s3)
            c.s3.bucket = r.string(s3, "bucket", required: true, pattern: bucketOK,
                                   expect: "an S3 bucket name (3-63 of a-z 0-9 . -)") ?? base.s3.bucket
            c.s3.scriptsPrefix = r.prefix(s3, "scripts_prefix") ?? base.s3.scriptsPrefix
            c.s3.tempPrefix = r.prefix(s3, "temp_prefix") ?? base.s3.tempPrefix
            c.s3.deadLetterPrefix = r.prefix(s3, "dead_letter_prefix") ?? base.s3.deadLetterPrefix
            c.s3.reportsPrefix = r.prefix(s3, "reports_prefix") ?? base.s3.reportsPrefix
        }
        if let g = r.child(top, "glue", required: true) {
            r.keys(g, "'glue'", Keys.glue)
            c.glue.connectionName = r.string(g, "connection_name", required: true, pattern: { !$0.isEmpty && $0.count <= 255 },
                                             expect: "a Glue connection name") ?? base.glue.connectionName
            if let role = r.string(g, "role_name", required: true, pattern: roleOK, expect: "an IAM role name (1-64 of A-Za-z0-9+=,.@_-)") {
                c.glue.roleName = role
                if IAMPolicies.rolePolicyPathIsTrustPolicyPath(roleName: role), let value = g["role_name"] {
                    d.error("config-value", "role name '\(role)' would write the role's policy as \(IAMPolicies.rolePolicyPath(roleName: role)), over its trust policy (\(IAMPolicies.trustPolicyPath))",
                            at: value.location, fixIts: [FixIt(message: "choose another role name, such as '\(base.glue.roleName)'")])
                }
            }
            c.glue.version = r.choice(g, "version", MigrationConfig.allowedGlueVersions) ?? base.glue.version
            c.glue.workerType = r.choice(g, "worker_type", MigrationConfig.sparkWorkerTypes, notes: { value in
                var notes = [Note("a Spark ETL job (glueetl) on Glue \(MigrationConfig.allowedGlueVersions.joined(separator: " and ")) accepts \(MigrationConfig.sparkWorkerTypes.joined(separator: ", ")); G.4X and larger exist only in some regions")]
                if let kind = MigrationConfig.nonSparkWorkerTypes[value] { notes.insert(Note("\(value) is a worker type for \(kind), not for Spark ETL jobs"), at: 0) }
                return notes
            }) ?? base.glue.workerType
            c.glue.numberOfWorkers = r.int(g, "number_of_workers", 2...1000) ?? base.glue.numberOfWorkers
            c.glue.timeoutMinutes = r.int(g, "timeout_minutes", 1...10080) ?? base.glue.timeoutMinutes
            c.glue.jobNamePrefix = r.string(g, "job_name_prefix", pattern: { $0.count <= 100 && $0.unicodeScalars.allSatisfy(nameChar) },
                                            expect: "letters, digits, '-', '_' or '.'") ?? base.glue.jobNamePrefix
            c.glue.metricsNamespace = r.string(g, "metrics_namespace", pattern: { !$0.isEmpty && $0.count <= 255 && !$0.hasPrefix("AWS/") },
                                               expect: "a CloudWatch namespace not starting with AWS/") ?? base.glue.metricsNamespace
            if let arn = r.string(g, "connection_secret_arn", pattern: { SecretARN($0) != nil },
                                  expect: "a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-abc123)") {
                c.glue.connectionSecretARN = arn
                checkSecretPlacement(SecretARN(arn)!, config: c, at: g["connection_secret_arn"]!, d: d)
            }
        }
        if let w = r.child(top, "writes", required: false) {
            r.keys(w, "'writes'", Keys.writes)
            c.writes.readPartitions = r.int(w, "read_partitions", 1...1024) ?? base.writes.readPartitions
            c.writes.minKeysPerReadRange = r.int(w, "min_keys_per_read_range", 1...1_000_000_000) ?? base.writes.minKeysPerReadRange
            c.writes.maxConcurrentWritesPerPartition = r.int(w, "max_concurrent_writes_per_partition", 1...256) ?? base.writes.maxConcurrentWritesPerPartition
            c.writes.retryMaxAttempts = r.int(w, "retry_max_attempts", 1...100) ?? base.writes.retryMaxAttempts
            c.writes.circuitBreakerFailureRatio = r.double(w, "circuit_breaker_failure_ratio", 0.0...1.0) ?? base.writes.circuitBreakerFailureRatio
            c.writes.circuitBreakerWindow = r.int(w, "circuit_breaker_window", 1...1_000_000) ?? base.writes.circuitBreakerWindow
            c.writes.maxWriteUnitsPerSecond = r.int(w, "max_write_units_per_second", 0...10_000_000) ?? base.writes.maxWriteUnitsPerSecond
            if let byTable = r.child(w, "max_write_units_per_second_by_table", required: false) {
                for m in byTable.members {
                    if let v = r.intValue(m.value, "max_write_units_per_second_by_table.\(m.key.value)", 0...10_000_000) {
                        c.writes.maxWriteUnitsPerSecondByTable[m.key.value] = v
                    }
                }
            }
        }
        if let t = r.child(top, "tags", required: false) {
            // IAM and Glue allow 50 tags per resource; deploy adds the marker (MigrationMarker).
            if t.members.count > 49 { d.error("config-value", "at most 49 tags are allowed (IAM and Glue take 50 per resource and deploy adds its marker '\(MigrationMarker.key)'), found \(t.members.count)", at: t.location) }
            for m in t.members {
                guard let v = m.value.stringValue else {
                    d.error("wrong-type", "tag '\(m.key.value)' must be a string, found \(m.value.typeName)", at: m.value.location)
                    continue
                }
                if m.key.value.isEmpty || m.key.value.count > 128 || m.key.value.lowercased().hasPrefix("aws:") {
                    d.error("config-value", "tag key '\(m.key.value)' must be 1-128 characters and not start with 'aws:'", at: m.key.location)
                }
                if m.key.value.lowercased().hasPrefix(MigrationMarker.reservedPrefix) {
                    d.error("config-value", "tag key '\(m.key.value)' is reserved: deploy sets '\(MigrationMarker.key)' itself, to mark what this migration created (docs/CLEANUP.md)", at: m.key.location)
                }
                if v.value.count > 256 { d.error("config-value", "tag '\(m.key.value)' value is longer than 256 characters", at: v.location) }
                c.tags[m.key.value] = v.value
            }
        }
        return d.errorCount > errorsBefore ? nil : c
    }

    /// A connection and the secret it reads live in one account and region (the job role's policy
    /// names this ARN exactly, so a secret elsewhere would need a resource policy and KMS grants
    /// this tool does not write): said as warnings, since cross-account setups exist.
    static func checkSecretPlacement(_ secret: SecretARN, config c: MigrationConfig, at value: JSONValue, d: DiagnosticEngine) {
        if secret.partition != c.partition {
            d.error("config-value", "'connection_secret_arn' is in partition \(secret.partition), the config's region \(c.region) is in \(c.partition)", at: value.location)
        }
        if secret.region != c.region {
            d.warning("config-value", "'connection_secret_arn' is in region \(secret.region), the config's region is \(c.region)", at: value.location,
                      notes: [Note("the Glue connection and its secret are normally in the jobs' region; check the ARN")])
        }
        if !secret.hasSuffix {
            d.warning("config-value", "'connection_secret_arn' looks like a partial ARN (no '-' and six characters after the name); the role's policy would not match the secret's real ARN", at: value.location,
                      notes: [Note("copy the complete ARN: aws secretsmanager describe-secret --secret-id \(secret.name) --query ARN --output text")])
        }
        if secret.account != c.accountId {
            d.warning("config-value", "'connection_secret_arn' is in account \(secret.account), the config's account is \(c.accountId)", at: value.location,
                      notes: [Note("a secret in another account also needs a resource policy and KMS key grant for the job role")])
        }
    }

    // MARK: - value rules

    static func regionOK(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        return parts.count >= 3 && s.count <= 32 && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && parts.last!.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }
    static func bucketOK(_ s: String) -> Bool {
        (3...63).contains(s.count) && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
            && !s.hasPrefix("-") && !s.hasSuffix("-") && !s.hasPrefix(".") && !s.hasSuffix(".") && !s.contains("..")
    }
    static func roleOK(_ s: String) -> Bool {
        (1...64).contains(s.count) && s.unicodeScalars.allSatisfy { nameChar($0) || "+=,@".unicodeScalars.contains($0) }
    }
    static func nameChar(_ u: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u) || u == "-" || u == "_" || u == "."
    }
    /// Key names that would hold a credential. Refused outright: a config is committed and shared.
    static let secretWords = ["password", "passwd", "secret", "token", "access_key", "private_key", "credential"]

    /// The keys of each config object (docs/CONFIG.md).
    enum Keys {
        static let top = ["region", "account_id", "s3", "glue", "writes", "tags"]
        static let s3 = ["bucket", "scripts_prefix", "temp_prefix", "dead_letter_prefix", "reports_prefix"]
        static let glue = ["connection_name", "role_name", "version", "worker_type", "number_of_workers", "timeout_minutes", "job_name_prefix", "metrics_namespace", "connection_secret_arn"]
        static let writes = ["read_partitions", "min_keys_per_read_range", "max_concurrent_writes_per_partition", "retry_max_attempts", "circuit_breaker_failure_ratio", "circuit_breaker_window", "max_write_units_per_second", "max_write_units_per_second_by_table"]
        static let all = Set(top + s3 + glue + writes)
    }

    /// A key that is not one of the config's own and whose name says it holds a credential
    /// (`connection_secret_arn` names a secret, it is not one).
    public static func looksLikeSecret(_ key: String) -> Bool {
        guard !Keys.all.contains(key) else { return false }
        let k = key.lowercased()
        return secretWords.contains { k.contains($0) }
    }

    struct Object {
        var members: JSONObjectMembers
        var location: SourceLocation
        subscript(_ key: String) -> JSONValue? { members.first { $0.key.value == key }?.value }
    }

    struct Reader {
        let d: DiagnosticEngine

        func object(_ v: JSONValue, _ what: String) -> Object? {
            guard let m = v.objectMembers else {
                d.error("wrong-type", "\(what) must be an object, found \(v.typeName)", at: v.location)
                return nil
            }
            return Object(members: m, location: v.location)
        }

        func child(_ o: Object, _ key: String, required: Bool) -> Object? {
            guard let v = o[key] else {
                if required { d.error("missing-key", "the config is missing the required key '\(key)'", at: o.location) }
                return nil
            }
            return object(v, "'\(key)'")
        }

        func keys(_ o: Object, _ what: String, _ allowed: [String]) {
            for m in o.members where !allowed.contains(m.key.value) {
                if ConfigParser.looksLikeSecret(m.key.value) {
                    d.error("secret-in-config", "'\(m.key.value)' looks like a secret; secrets never go in the migration config",
                            at: m.key.location,
                            notes: [Note("MySQL credentials live in the Glue connection (or a Secrets Manager secret it names); AWS credentials come from the environment or ~/.aws")],
                            fixIts: [FixIt(message: "remove '\(m.key.value)' from the config")])
                } else if let s = DidYouMean.suggestion(for: m.key.value, at: m.key.location.advanced(by: 1), among: allowed, wording: .replaceWord) {
                    d.warning("unknown-key", "unknown key '\(m.key.value)' in \(what) is ignored; \(s.question)", at: m.key.location,
                              fixIts: s.fixIts)
                } else {
                    d.warning("unknown-key", "unknown key '\(m.key.value)' in \(what) is ignored", at: m.key.location,
                              notes: [Note("valid keys here: \(allowed.joined(separator: ", "))")])
                }
            }
        }

        func string(_ o: Object, _ key: String, required: Bool = false, pattern: (String) -> Bool, expect: String) -> String? {
            guard let v = o[key] else {
                if required { d.error("missing-key", "the config is missing the required key '\(key)'", at: o.location) }
                return nil
            }
            guard let s = v.stringValue else {
                d.error("wrong-type", "'\(key)' must be a string, found \(v.typeName)", at: v.location)
                return nil
            }
            guard pattern(s.value) else {
                d.error("config-value", "'\(key)' must be \(expect), found '\(s.value)'", at: s.location(ofScalar: 0))
                return nil
            }
            return s.value
        }

        /// S3 key prefixes: relative, ending in '/', so one prefix never matches another's keys.
        func prefix(_ o: Object, _ key: String) -> String? {
            string(o, key, pattern: { !$0.isEmpty && !$0.hasPrefix("/") && $0.hasSuffix("/") && !$0.contains("*") && $0.count <= 512 },
                   expect: "an S3 key prefix ending in '/' (no leading '/', no '*')")
        }

        func choice(_ o: Object, _ key: String, _ options: [String], notes: (String) -> [Note] = { _ in [] }) -> String? {
            guard let v = o[key] else { return nil }
            guard let s = v.stringValue else {
                d.error("wrong-type", "'\(key)' must be a string, found \(v.typeName)", at: v.location)
                return nil
            }
            guard options.contains(s.value) else {
                let hint = DidYouMean.suggestion(for: s.value, at: s.location(ofScalar: 0), among: options).map { "; \($0.question)" } ?? ""
                d.error("config-value", "'\(key)' must be one of \(options.joined(separator: ", ")), found '\(s.value)'\(hint)", at: s.location(ofScalar: 0),
                        notes: notes(s.value))
                return nil
            }
            return s.value
        }

        func int(_ o: Object, _ key: String, _ range: ClosedRange<Int>) -> Int? {
            o[key].flatMap { intValue($0, key, range) }
        }

        func intValue(_ v: JSONValue, _ key: String, _ range: ClosedRange<Int>) -> Int? {
            guard case .number(_, let x) = v.kind, x == x.rounded(), abs(x) < 1e15 else {
                d.error("wrong-type", "'\(key)' must be a whole number, found \(v.typeName == "number" ? "a fraction" : v.typeName)", at: v.location)
                return nil
            }
            guard range.contains(Int(x)) else {
                d.error("config-value", "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(Int(x))", at: v.location)
                return nil
            }
            return Int(x)
        }

        func double(_ o: Object, _ key: String, _ range: ClosedRange<Double>) -> Double? {
            guard let v = o[key] else { return nil }
            guard case .number(_, let x) = v.kind else {
                d.error("wrong-type", "'\(key)' must be a number, found \(v.typeName)", at: v.location)
                return nil
            }
            guard range.contains(x) else {
                d.error("config-value", "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(x)", at: v.location)
                return nil
            }
            return x
        }
    }
}
