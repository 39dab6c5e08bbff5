import Foundation
import MigrationTarget

/// Reads a region out of the places a migration's resources name one: DynamoDB ARNs, an RDS
/// host in a JDBC URL, an availability zone. `deploy` checks they all agree with the config,
/// because a Glue job in one region writing a table in another fails late and costs transfer.
public enum RegionCheck {
    /// How `arn` disagrees with `region`: "is in REGION" for another region, "is in partition P"
    /// when its partition is not the region's (`arn:aws:` for a cn-* region: IAM and the
    /// service would not match it); nil when it agrees, names no region, or is not an ARN.
    public static func disagreement(arn text: String, region: String) -> String? {
        guard let arn = ARN(text), !arn.region.isEmpty else { return nil }
        if arn.region != region { return "is in \(arn.region)" }
        let expected = ARN.partition(ofRegion: region)
        if arn.partition != expected { return "is in partition \(arn.partition), not \(expected) (the partition of \(region))" }
        return nil
    }

    /// The region of an RDS endpoint in a JDBC URL (`jdbc:mysql://db.abc123.eu-west-1.rds.amazonaws.com:3306/shop`);
    /// nil for any other host (on-premises, an IP, a private DNS name), which names no region.
    public static func region(fromJDBCURL url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        var host = url[schemeEnd.upperBound...]
        if let end = host.firstIndex(where: { $0 == "/" || $0 == ":" || $0 == "?" || $0 == ";" }) { host = host[..<end] }
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        let labels = host.lowercased().split(separator: ".").map(String.init)
        for suffix in [["rds", "amazonaws", "com"], ["rds", "amazonaws", "com", "cn"]] where labels.count > suffix.count + 1 {
            if Array(labels.suffix(suffix.count)) == suffix {
                let candidate = labels[labels.count - suffix.count - 1]
                return isRegionName(candidate) ? candidate : nil
            }
        }
        return nil
    }

    /// `us-east-1a` → `us-east-1`; local zones such as `us-west-2-lax-1a` → `us-west-2`.
    public static func region(fromAvailabilityZone zone: String) -> String? {
        let parts = zone.lowercased().split(separator: "-").map(String.init)
        // region = letters-(gov-)?letters-digit; the AZ adds a letter to the digit (or more parts).
        var index = 0
        var head: [String] = []
        while index < parts.count, parts[index].allSatisfy({ $0.isLetter }) {
            head.append(parts[index]); index += 1
        }
        guard head.count >= 2, index < parts.count else { return nil }
        let digits = parts[index].prefix { $0.isNumber }
        guard !digits.isEmpty else { return nil }
        let region = (head + [String(digits)]).joined(separator: "-")
        return isRegionName(region) ? region : nil
    }

    static func isRegionName(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        guard parts.count >= 3, let last = parts.last, last.allSatisfy({ $0.isNumber }) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLetter && $0.isLowercase } }
    }
}
