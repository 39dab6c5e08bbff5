import AWS
import Backends
import Foundation

/// The end of a failed Glue run's driver log, and a hint that matches the usual causes, so a
/// failed `deploy --wait` says why without a console.
///
/// Where the log is depends on the Glue version (AWS Glue Developer Guide, "Logging for AWS
/// Glue jobs", https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html):
/// - Glue 5.0: system, Spark and GlueLogger lines go to `/aws-glue/jobs/error`, the script's
///   stdout and stderr (Python `logging`, tracebacks) to `/aws-glue/jobs/output`; in both the
///   driver's stream is `<jobRunId>-driver` (executors `<jobRunId>-<executorNum>`).
///   `--custom-logGroup-prefix P` makes the groups `P/error` and `P/output`;
///   `--custom-logStream-prefix S` renames the driver stream to `S-driver`.
/// - Glue 4.0 and earlier: the run's logs are in the same two groups under a stream named by
///   the run id (the custom prefixes are 5.0 arguments).
/// Both groups are read and merged by time: the error group has Spark's view of the failure,
/// the output group the job's own traceback.
public enum ErrorLogTail {
    /// One place to read: a group and either an exact stream or a stream-name prefix to resolve.
    public struct Source: Sendable, Equatable {
        public var group: String
        public var stream: String?
        /// With `--custom-logStream-prefix`: the driver stream is the `-driver` stream under it.
        public var streamPrefix: String?
        public var label: String { "\(group)/\(stream ?? "\(streamPrefix ?? "")*-driver")" }
    }

    public struct Tail: Sendable, Equatable {
        public var lines: [String] = []
        /// `group/stream` of every stream the lines came from.
        public var sources: [String] = []
    }

    public static let defaultGroupPrefix = GlueLogGroups.defaultPrefix

    /// Where the driver's log of run `jobRunId` is, for a job of `glueVersion` started with
    /// `arguments` (the job's default arguments with the run's own on top).
    public static func sources(glueVersion: String, jobRunId: String, arguments: [String: String]) -> [Source] {
        let major = Int(glueVersion.split(separator: ".").first ?? "") ?? 5
        guard major >= 5 else {
            return ["error", "output"].map { Source(group: "\(defaultGroupPrefix)/\($0)", stream: jobRunId) }
        }
        var prefix = arguments["--custom-logGroup-prefix"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultGroupPrefix
        while prefix.count > 1 && prefix.hasSuffix("/") { prefix.removeLast() }
        let streamPrefix = arguments["--custom-logStream-prefix"].flatMap { $0.isEmpty ? nil : $0 }
        return ["error", "output"].map { kind in
            streamPrefix.map { Source(group: "\(prefix)/\(kind)", streamPrefix: $0) }
                ?? Source(group: "\(prefix)/\(kind)", stream: "\(jobRunId)-driver")
        }
    }

    /// The last `lines` lines of the run's driver log across its sources; empty when none can be
    /// read (the run never started, logs not delivered yet, no permission).
    public static func fetch(logs: CloudWatchLogsClient, glueVersion: String, jobRunId: String, arguments: [String: String],
                             lines: Int = 20) async -> Tail {
        var events: [(time: Int64, message: String)] = []
        var tail = Tail()
        for source in sources(glueVersion: glueVersion, jobRunId: jobRunId, arguments: arguments) {
            guard let stream = await resolve(source, jobRunId: jobRunId, logs: logs),
                  let output = try? await logs.getLogEvents(logGroupName: source.group, logStreamName: stream, startFromHead: false, limit: lines)
            else { continue }
            let found = (output.events ?? []).compactMap { e in e.message.map { (time: e.timestamp ?? 0, message: $0.trimmingCharacters(in: .newlines)) } }
            if !found.isEmpty { tail.sources.append("\(source.group)/\(stream)") }
            events += found
        }
        tail.lines = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.suffix(lines).map(\.element.message)
        return tail
    }

    /// The stream name of a source: the exact one, or the driver stream under a custom prefix
    /// (the one naming this run if any does, else the most recent).
    static func resolve(_ source: Source, jobRunId: String, logs: CloudWatchLogsClient) async -> String? {
        if let stream = source.stream { return stream }
        guard let prefix = source.streamPrefix,
              let found = try? await logs.describeLogStreams(logGroupName: source.group, logStreamNamePrefix: prefix) else { return nil }
        let drivers = (found.logStreams ?? []).filter { $0.logStreamName?.hasSuffix("-driver") == true }
        return (drivers.first { $0.logStreamName?.contains(jobRunId) == true }
            ?? drivers.max { ($0.lastEventTimestamp ?? $0.creationTime ?? 0) < ($1.lastEventTimestamp ?? $1.creationTime ?? 0) })?.logStreamName
    }

    /// A troubleshooting hint for a failed run, from its error message and log tail.
    public static func hint(errorMessage: String?, tail: [String], sources: [String] = []) -> String {
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
        let where_ = sources.isEmpty ? "CloudWatch Logs groups \(defaultGroupPrefix)/error and \(defaultGroupPrefix)/output" : sources.joined(separator: " and ")
        return "see the full log in \(where_) and the run summary in S3, fix, then deploy --run again (ddb-migrate status shows the run)"
    }
}
