import AWS
import Foundation

/// The end of a failed Glue run's error log (`/aws-glue/jobs/error`, stream = run id), and a
/// hint that matches the usual causes, so a failed `deploy --wait` says why without a console.
public enum ErrorLogTail {
    public static let logGroup = "/aws-glue/jobs/error"

    public static func fetch(logs: CloudWatchLogsClient, jobRunId: String, lines: Int = 20) async -> [String] {
        guard let output = try? await logs.getLogEvents(logGroupName: logGroup, logStreamName: jobRunId, startFromHead: false, limit: lines) else {
            return []
        }
        return (output.events ?? []).suffix(lines).compactMap { $0.message?.trimmingCharacters(in: .newlines) }
    }

    /// A troubleshooting hint for a failed run, from its error message and log tail.
    public static func hint(errorMessage: String?, tail: [String]) -> String {
        let text = ([errorMessage ?? ""] + tail).joined(separator: "\n").lowercased()
        if text.contains("communications link failure") || text.contains("connect timed out") || text.contains("unknownhost") {
            return "the job could not reach MySQL: check the Glue connection's subnet, security group (self-referencing rule) and the JDBC URL"
        }
        if text.contains("access denied for user") {
            return "MySQL rejected the connection's user/password: fix them in the Glue connection"
        }
        if text.contains("accessdenied") || text.contains("not authorized") {
            return "the job role lacks a permission: compare iam/*.json in the directory with the deployed role (ddb-migrate plan)"
        }
        if text.contains("circuit breaker") {
            return "too many writes failed: see the dead letters and the summary's error, lower the write-unit ceiling or fix the rows"
        }
        if text.contains("provisionedthroughputexceeded") || text.contains("throttl") {
            return "DynamoDB throttled the writes: lower max_write_units_per_second or raise the table's capacity"
        }
        return "see the full log in CloudWatch Logs group \(logGroup) and the run summary in S3, fix, then deploy --run again (ddb-migrate status shows the run)"
    }
}
