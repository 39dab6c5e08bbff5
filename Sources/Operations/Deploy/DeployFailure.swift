import AWS
import Foundation

/// Why `plan`, `deploy` or `status` stopped before finishing. The kind decides the exit code
/// (docs/DESIGN.md, "CLI"): the target or input is wrong (1) versus AWS unreachable or failing (3). Every
/// message names what to fix; nothing has been written when a precondition fails.
public struct DeployFailure: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The config, the directory or the account does not fit: exit 1.
        case targetWrong
        /// Credentials rejected, AWS unreachable, an operation or a run failed: exit 3.
        case unreachable
    }

    public var kind: Kind
    /// One line per problem, so every difference is listed, not just the first.
    public var problems: [String]

    public init(_ kind: Kind, _ problems: [String]) {
        self.kind = kind
        self.problems = problems
    }

    public static func targetWrong(_ message: String) -> DeployFailure { DeployFailure(.targetWrong, [message]) }
    public static func unreachable(_ message: String) -> DeployFailure { DeployFailure(.unreachable, [message]) }

    public var description: String { problems.joined(separator: "\n") }

    /// Wraps an error thrown by the AWS layer while doing `what`: credential and transport
    /// problems become `unreachable` with a hint; a `DeployFailure` passes through unchanged.
    public static func from(_ error: Error, while what: String) -> DeployFailure {
        if let failure = error as? DeployFailure { return failure }
        if let aws = error as? AWSError {
            if CredentialProblem.codes.contains(aws.code) {
                return .unreachable("\(what): AWS rejected the credentials (\(aws.code): \(aws.message)); \(CredentialProblem.hint)")
            }
            if aws.code == "AccessDenied" || aws.code == "AccessDeniedException" || aws.code == "UnauthorizedOperation" {
                return .unreachable("\(what): access denied (\(aws.message)): the caller needs this permission (see docs/DEPLOY.md)")
            }
            return .unreachable("\(what): \(aws)")
        }
        if let transport = error as? AWSTransportError {
            return .unreachable("\(what): AWS unreachable: \(transport)")
        }
        return .unreachable("\(what): \(error)")
    }
}

/// Error codes AWS answers when the signature or the keys are wrong, expired or missing.
enum CredentialProblem {
    static let codes: Set<String> = [
        "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException",
        "UnrecognizedClientException", "InvalidAccessKeyId", "MissingAuthenticationToken", "IncompleteSignature",
        "InvalidToken", "AuthFailure",
    ]
    static let hint = "check AWS_PROFILE / AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or run `aws sso login`), then retry"
}
