import Foundation

/// CloudWatch Logs (JSON 1.1): reading a Glue job run's output.
public struct CloudWatchLogsClient: Sendable {
    public let client: AWSClient
    public init(client: AWSClient) { self.client = client }

    public struct Event: Codable, Sendable, Equatable {
        public var timestamp: Int64?
        public var message: String?
        public var ingestionTime: Int64?
        public var logStreamName: String?
        public var eventId: String?
    }

    public struct GetLogEventsOutput: Codable, Sendable {
        public var events: [Event]?
        public var nextForwardToken: String?
        public var nextBackwardToken: String?
    }

    public struct LogStream: Codable, Sendable, Equatable {
        public var logStreamName: String?
        public var creationTime: Int64?
        public var lastEventTimestamp: Int64?
    }

    public struct DescribeLogStreamsOutput: Codable, Sendable {
        public var logStreams: [LogStream]?
        public var nextToken: String?
    }

    public struct FilterLogEventsOutput: Codable, Sendable {
        public var events: [Event]?
        public var nextToken: String?
    }

    struct GetLogEventsInput: Encodable {
        var logGroupName: String
        var logStreamName: String
        var startFromHead: Bool?
        var nextToken: String?
        var limit: Int?
    }

    struct DescribeLogStreamsInput: Encodable {
        var logGroupName: String
        var logStreamNamePrefix: String?
        var nextToken: String?
        var limit: Int?
    }

    struct FilterLogEventsInput: Encodable {
        var logGroupName: String
        var logStreamNamePrefix: String?
        var filterPattern: String?
        var startTime: Int64?
        var nextToken: String?
        var limit: Int?
    }

    public func getLogEvents(logGroupName: String, logStreamName: String, startFromHead: Bool? = true,
                             nextToken: String? = nil, limit: Int? = nil) async throws -> GetLogEventsOutput {
        try await client.jsonCall(.cloudWatchLogs, "GetLogEvents",
                                  GetLogEventsInput(logGroupName: logGroupName, logStreamName: logStreamName, startFromHead: startFromHead,
                                                    nextToken: nextToken, limit: limit), as: GetLogEventsOutput.self)
    }

    public func filterLogEvents(logGroupName: String, logStreamNamePrefix: String? = nil, filterPattern: String? = nil,
                                startTime: Int64? = nil, nextToken: String? = nil, limit: Int? = nil) async throws -> FilterLogEventsOutput {
        try await client.jsonCall(.cloudWatchLogs, "FilterLogEvents",
                                  FilterLogEventsInput(logGroupName: logGroupName, logStreamNamePrefix: logStreamNamePrefix,
                                                       filterPattern: filterPattern, startTime: startTime, nextToken: nextToken, limit: limit),
                                  as: FilterLogEventsOutput.self)
    }

    /// One page of DescribeLogStreams, streams whose names start with `logStreamNamePrefix`.
    public func describeLogStreams(logGroupName: String, logStreamNamePrefix: String? = nil, nextToken: String? = nil,
                                   limit: Int? = nil) async throws -> DescribeLogStreamsOutput {
        try await client.jsonCall(.cloudWatchLogs, "DescribeLogStreams",
                                  DescribeLogStreamsInput(logGroupName: logGroupName, logStreamNamePrefix: logStreamNamePrefix,
                                                          nextToken: nextToken, limit: limit),
                                  as: DescribeLogStreamsOutput.self)
    }
}
