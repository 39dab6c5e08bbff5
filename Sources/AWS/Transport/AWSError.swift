import Foundation

/// An error answered by an AWS service, parsed from the protocol's error shape: JSON `__type`
/// (`com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` → the part after `#`),
/// Query `<ErrorResponse><Error><Code>`, S3 `<Error><Code>` (or, for a body-less HEAD, the status).
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var requestId: String?
    public var statusCode: Int
    /// The service id (`DynamoDB`, `S3`, ...).
    public var service: String
    public var operation: String?

    public init(code: String, message: String, requestId: String? = nil, statusCode: Int, service: String, operation: String? = nil) {
        self.code = code
        self.message = message
        self.requestId = requestId
        self.statusCode = statusCode
        self.service = service
        self.operation = operation
    }

    public var description: String {
        var text = "\(service)\(operation.map { ".\($0)" } ?? ""): \(code) (HTTP \(statusCode))"
        if !message.isEmpty { text += ": \(message)" }
        if let requestId { text += " [request id \(requestId)]" }
        return text
    }

    /// Throttling codes of the SDKs' standard retry mode.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Transient error codes of the standard retry mode.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError",
        "InternalFailure", "InternalServerError", "ServiceUnavailable", "IDPCommunicationError",
    ]

    public var isThrottling: Bool { Self.throttlingCodes.contains(code) || statusCode == 429 }

    /// Throttling, transient codes and 500/502/503/504 are retried; other 4xx never are.
    public var isRetryable: Bool {
        isThrottling || Self.transientCodes.contains(code) || [500, 502, 503, 504].contains(statusCode)
    }

    /// True for "does not exist" answers (S3 NoSuchKey/404, IAM NoSuchEntity, ResourceNotFoundException,
    /// Glue EntityNotFoundException, EC2 `InvalidSubnetID.NotFound`-style codes).
    public var isNotFound: Bool {
        ["NoSuchKey", "NoSuchBucket", "NotFound", "NoSuchEntity", "ResourceNotFoundException", "EntityNotFoundException"]
            .contains(code) || (statusCode == 404 && code == "404") || code.hasSuffix(".NotFound")
    }
}

/// A request that never got a service answer: connection refused, DNS, timeout, TLS.
public struct AWSTransportError: Error, Sendable, CustomStringConvertible {
    public var service: String
    public var operation: String?
    public var message: String
    public var isTimeout: Bool
    /// Connection-level failures are safe to retry (the SDKs do).
    public var isRetryable: Bool

    public var description: String {
        "\(service)\(operation.map { ".\($0)" } ?? ""): \(isTimeout ? "timed out" : "network error"): \(message)"
    }
}

/// A configuration or response problem on our side of the wire.
public struct AWSClientError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
