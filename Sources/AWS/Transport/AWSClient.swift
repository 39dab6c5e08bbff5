import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The shared engine of every service client: resolves the endpoint, signs each attempt with
/// fresh credentials, sends, parses the protocol's error shape, and retries per `RetryPolicy`.
public final class AWSClient: Sendable {
    public let region: String
    /// nil sends unsigned requests (STS AssumeRoleWithWebIdentity needs no credentials).
    public let credentials: (any CredentialProvider)?
    public let environment: AWSEnvironment?
    public let retryPolicy: RetryPolicy
    let transport: HTTPTransport
    /// Per-service endpoint overrides given in code (tests, the migration config); they win over the environment.
    public let endpointOverrides: [String: URL]

    public init(region: String, credentials: (any CredentialProvider)?, environment: AWSEnvironment? = nil,
                retryPolicy: RetryPolicy = RetryPolicy(), transportOptions: TransportOptions = TransportOptions(),
                endpointOverrides: [String: URL] = [:]) {
        self.region = region
        self.credentials = credentials
        self.environment = environment
        self.retryPolicy = retryPolicy
        self.transport = HTTPTransport(options: transportOptions)
        self.endpointOverrides = endpointOverrides
    }

    /// A client configured as the AWS CLI would be: region, credential chain, endpoints and
    /// `max_attempts` from the environment and shared files.
    public static func fromEnvironment(_ environment: AWSEnvironment, region: String? = nil,
                                       transportOptions: TransportOptions = TransportOptions()) throws -> AWSClient {
        guard let region = region ?? environment.region else {
            throw AWSClientError("no AWS region: set AWS_REGION or `region` in profile '\(environment.profileName)'")
        }
        let chain = CredentialChain(environment: environment, region: region)
        return AWSClient(region: region, credentials: chain, environment: environment,
                         retryPolicy: RetryPolicy(maxAttempts: environment.maxAttempts ?? 3), transportOptions: transportOptions)
    }

    /// The endpoint for `service`: code override, then the environment/config, then AWS's default.
    public func endpoint(for service: ServiceDescriptor) throws -> ResolvedEndpoint {
        if let url = endpointOverrides[service.serviceId] ?? environment?.configuredEndpoint(serviceId: service.serviceId) {
            return ResolvedEndpoint(url: url, signingRegion: service.isGlobal ? (service.defaultEndpoint(region: region)?.signingRegion ?? region) : region,
                                    isCustom: true)
        }
        guard let endpoint = service.defaultEndpoint(region: region) else {
            throw AWSClientError("cannot form an endpoint for \(service.serviceId) in region '\(region)'")
        }
        return endpoint
    }

    /// Signs and sends `request` (built against `endpoint`), retrying per the policy.
    /// A 2xx/3xx answer is returned; anything else throws `AWSError` via `parseError`.
    func send(_ request: HTTPRequest, service: ServiceDescriptor, operation: String, signingRegion: String,
              signerOptions: SigV4Signer.Options? = nil,
              parseError: (HTTPResponse) -> (code: String, message: String, requestId: String?)) async throws -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            do {
                var signed = request
                signed.setHeader("User-Agent", "ddb-migrate")
                if let provider = credentials {
                    let credentials = try await provider.credentials()
                    let signer = SigV4Signer(credentials: credentials, region: signingRegion, service: service.signingName,
                                             options: signerOptions)
                    signed = signer.sign(signed).request
                }
                let response: HTTPResponse
                do {
                    response = try await transport.send(signed)
                } catch let error as AWSClientError {
                    throw error
                } catch {
                    throw RetryPolicy.transportError(error, service: service.serviceId, operation: operation)
                }
                if response.statusCode < 400 { return response }
                let parsed = parseError(response)
                throw AWSError(code: parsed.code, message: parsed.message,
                               requestId: parsed.requestId ?? response.header("x-amzn-requestid") ?? response.header("x-amz-request-id"),
                               statusCode: response.statusCode, service: service.serviceId, operation: operation)
            } catch {
                guard attempt < retryPolicy.maxAttempts, RetryPolicy.isRetryable(error) else { throw error }
                let delay = retryPolicy.delay(beforeRetry: attempt)
                if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
            }
        }
    }
}
