import Foundation

/// Glue (JSON 1.1): the migration jobs and their runs. Field names are the API's.
public struct GlueClient: Sendable {
    public let client: AWSClient
    public init(client: AWSClient) { self.client = client }

    public struct JobCommand: Codable, Sendable, Equatable {
        public var Name: String?
        public var ScriptLocation: String?
        public var PythonVersion: String?
        public init(Name: String? = "glueetl", ScriptLocation: String?, PythonVersion: String? = "3") {
            self.Name = Name
            self.ScriptLocation = ScriptLocation
            self.PythonVersion = PythonVersion
        }
    }

    public struct ConnectionsList: Codable, Sendable, Equatable {
        public var Connections: [String]?
        public init(Connections: [String]?) { self.Connections = Connections }
    }

    public struct ExecutionProperty: Codable, Sendable, Equatable {
        public var MaxConcurrentRuns: Int?
        public init(MaxConcurrentRuns: Int?) { self.MaxConcurrentRuns = MaxConcurrentRuns }
    }

    /// The settings shared by CreateJob and UpdateJob's `JobUpdate`.
    public struct JobDefinition: Codable, Sendable, Equatable {
        public var Description: String?
        public var Role: String?
        public var Command: JobCommand?
        public var DefaultArguments: [String: String]?
        public var Connections: ConnectionsList?
        public var MaxRetries: Int?
        public var Timeout: Int?
        public var GlueVersion: String?
        public var WorkerType: String?
        public var NumberOfWorkers: Int?
        public var ExecutionProperty: ExecutionProperty?

        public init(Description: String? = nil, Role: String?, Command: JobCommand?, DefaultArguments: [String: String]? = nil,
                    Connections: ConnectionsList? = nil, MaxRetries: Int? = nil, Timeout: Int? = nil, GlueVersion: String? = nil,
                    WorkerType: String? = nil, NumberOfWorkers: Int? = nil, ExecutionProperty: ExecutionProperty? = nil) {
            self.Description = Description
            self.Role = Role
            self.Command = Command
            self.DefaultArguments = DefaultArguments
            self.Connections = Connections
            self.MaxRetries = MaxRetries
            self.Timeout = Timeout
            self.GlueVersion = GlueVersion
            self.WorkerType = WorkerType
            self.NumberOfWorkers = NumberOfWorkers
            self.ExecutionProperty = ExecutionProperty
        }
    }

    /// A job as GetJob returns it (the fields we read).
    public struct Job: Codable, Sendable, Equatable {
        public var Name: String?
        public var Description: String?
        public var Role: String?
        public var Command: JobCommand?
        public var DefaultArguments: [String: String]?
        public var Connections: ConnectionsList?
        public var MaxRetries: Int?
        public var Timeout: Int?
        public var GlueVersion: String?
        public var WorkerType: String?
        public var NumberOfWorkers: Int?
        public var ExecutionProperty: ExecutionProperty?
        /// Epoch seconds; changes on every UpdateJob, so callers can prove a no-op.
        public var LastModifiedOn: Double?
    }

    public struct JobRun: Codable, Sendable, Equatable {
        public var Id: String?
        public var JobName: String?
        public var JobRunState: String?
        public var ErrorMessage: String?
        public var StartedOn: Double?
        public var CompletedOn: Double?
        public var ExecutionTime: Int?
        public var Arguments: [String: String]?
        /// True once the run can no longer change (SUCCEEDED, FAILED, STOPPED, TIMEOUT, ERROR, EXPIRED).
        public var isFinished: Bool {
            ["SUCCEEDED", "FAILED", "STOPPED", "TIMEOUT", "ERROR", "EXPIRED"].contains(JobRunState ?? "")
        }
    }

    public struct Connection: Codable, Sendable, Equatable {
        public var Name: String?
        public var ConnectionType: String?
        /// Properties such as `JDBC_CONNECTION_URL`; requested with `HidePassword` so no password comes back.
        public var ConnectionProperties: [String: String]?
        public var PhysicalConnectionRequirements: PhysicalConnectionRequirements?
        /// Where the connection's credentials live when they are not in its properties.
        public var AuthenticationConfiguration: AuthenticationConfiguration?
    }

    /// GetConnection's `AuthenticationConfiguration`: `SecretArn` names the Secrets Manager
    /// secret holding the database credentials.
    public struct AuthenticationConfiguration: Codable, Sendable, Equatable {
        public var AuthenticationType: String?
        public var SecretArn: String?
    }

    /// Where the connection's ENIs are placed: the availability zone names the region.
    public struct PhysicalConnectionRequirements: Codable, Sendable, Equatable {
        public var SubnetId: String?
        public var SecurityGroupIdList: [String]?
        public var AvailabilityZone: String?
    }

    struct NameInput: Encodable { var JobName: String }
    struct JobOutput: Decodable { var Job: Job? }
    struct CreateJobInput: Encodable {
        var Name: String
        var definition: JobDefinition
        var Tags: [String: String]?
        func encode(to encoder: Encoder) throws {
            try definition.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(Name, forKey: .Name)
            try container.encodeIfPresent(Tags, forKey: .Tags)
        }
        enum Key: String, CodingKey { case Name, Tags }
    }
    struct NameOutput: Decodable { var Name: String? }
    struct UpdateJobInput: Encodable { var JobName: String; var JobUpdate: JobDefinition }
    struct UpdateJobOutput: Decodable { var JobName: String? }
    struct StartJobRunInput: Encodable { var JobName: String; var Arguments: [String: String]?; var Timeout: Int? }
    struct StartJobRunOutput: Decodable { var JobRunId: String? }
    struct GetJobRunInput: Encodable { var JobName: String; var RunId: String; var PredecessorsIncluded: Bool }
    struct GetJobRunOutput: Decodable { var JobRun: JobRun? }
    struct GetJobRunsInput: Encodable { var JobName: String; var NextToken: String?; var MaxResults: Int? }
    public struct GetJobRunsOutput: Decodable, Sendable { public var JobRuns: [JobRun]?; public var NextToken: String? }
    struct GetConnectionInput: Encodable { var Name: String; var HidePassword: Bool }
    struct ResourceARNInput: Encodable { var ResourceArn: String }
    struct GetTagsOutput: Decodable { var Tags: [String: String]? }
    struct TagResourceInput: Encodable { var ResourceArn: String; var TagsToAdd: [String: String] }
    struct EmptyOutput: Decodable {}
    struct GetConnectionOutput: Decodable { var Connection: Connection? }

    public func getJob(_ name: String) async throws -> Job {
        guard let job = try await client.jsonCall(.glue, "GetJob", NameInput(JobName: name), as: JobOutput.self).Job else {
            throw AWSClientError("Glue.GetJob: answer lacks Job")
        }
        return job
    }

    @discardableResult
    public func createJob(name: String, definition: JobDefinition, tags: [String: String]? = nil) async throws -> String {
        try await client.jsonCall(.glue, "CreateJob", CreateJobInput(Name: name, definition: definition, Tags: tags), as: NameOutput.self).Name ?? name
    }

    /// UpdateJob replaces the whole definition (unset fields are reset), as the API does.
    public func updateJob(name: String, definition: JobDefinition) async throws {
        _ = try await client.jsonCall(.glue, "UpdateJob", UpdateJobInput(JobName: name, JobUpdate: definition), as: UpdateJobOutput.self)
    }

    /// Starts a run; returns its id.
    public func startJobRun(name: String, arguments: [String: String]? = nil, timeoutMinutes: Int? = nil) async throws -> String {
        guard let id = try await client.jsonCall(.glue, "StartJobRun", StartJobRunInput(JobName: name, Arguments: arguments, Timeout: timeoutMinutes),
                                                 as: StartJobRunOutput.self).JobRunId else {
            throw AWSClientError("Glue.StartJobRun: answer lacks JobRunId")
        }
        return id
    }

    public func getJobRun(name: String, runId: String) async throws -> JobRun {
        guard let run = try await client.jsonCall(.glue, "GetJobRun", GetJobRunInput(JobName: name, RunId: runId, PredecessorsIncluded: false),
                                                  as: GetJobRunOutput.self).JobRun else {
            throw AWSClientError("Glue.GetJobRun: answer lacks JobRun")
        }
        return run
    }

    public func getJobRuns(name: String, nextToken: String? = nil, maxResults: Int? = nil) async throws -> GetJobRunsOutput {
        try await client.jsonCall(.glue, "GetJobRuns", GetJobRunsInput(JobName: name, NextToken: nextToken, MaxResults: maxResults),
                                  as: GetJobRunsOutput.self)
    }

    public func getConnection(_ name: String) async throws -> Connection {
        guard let connection = try await client.jsonCall(.glue, "GetConnection", GetConnectionInput(Name: name, HidePassword: true),
                                                         as: GetConnectionOutput.self).Connection else {
            throw AWSClientError("Glue.GetConnection: answer lacks Connection")
        }
        return connection
    }

    /// DeleteJob. Glue answers success for a job that does not exist ("If the job definition is
    /// not found, no exception is thrown", API reference), so a repeated delete is harmless.
    public func deleteJob(_ name: String) async throws {
        _ = try await client.jsonCall(.glue, "DeleteJob", NameInput(JobName: name), as: NameOutput.self)
    }

    /// GetTags of a resource by ARN; a missing resource throws `EntityNotFoundException`.
    public func getTags(resourceARN: String) async throws -> [String: String] {
        try await client.jsonCall(.glue, "GetTags", ResourceARNInput(ResourceArn: resourceARN), as: GetTagsOutput.self).Tags ?? [:]
    }

    /// TagResource: adds or overwrites `tags`, leaving the resource's other tags alone.
    public func tagResource(resourceARN: String, tags: [String: String]) async throws {
        _ = try await client.jsonCall(.glue, "TagResource", TagResourceInput(ResourceArn: resourceARN, TagsToAdd: tags), as: EmptyOutput.self)
    }
}
