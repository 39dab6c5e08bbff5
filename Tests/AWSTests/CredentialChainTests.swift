import Foundation
import XCTest
@testable import AWS

/// The credential chain, source by source, with fake files in a temporary HOME, moto for STS
/// and a local server for IMDSv2 and the container endpoint.
final class CredentialChainTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        MotoHarness.ensureStarted()
    }

    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: home) }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: home.appendingPathComponent(".aws/\(name)"), atomically: true, encoding: .utf8)
    }

    /// Variables of a clean environment: only HOME, IMDS disabled unless a test enables it.
    func variables(_ extra: [String: String] = [:]) -> [String: String] {
        var base = ["HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true"]
        for (key, value) in extra { base[key] = value }
        return base
    }

    func resolve(_ extra: [String: String] = [:], profile: String? = nil) async throws -> AWSCredentials {
        let environment = try AWSEnvironment.load(variables: variables(extra), profile: profile)
        return try await CredentialChain(environment: environment, region: "us-east-1").credentials()
    }

    func testEnvironmentKeysComeFirst() async throws {
        try write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n")
        let credentials = try await resolve(["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken"])
        XCTAssertEqual(credentials.accessKeyId, "ENVKEY")
        XCTAssertEqual(credentials.sessionToken, "envtoken")
        XCTAssertEqual(credentials.source, "environment")
    }

    func testProfileSelectionAndFilePrecedence() async throws {
        try write("credentials", """
            # comment
            [default]
            aws_access_key_id = DEFAULTKEY
            aws_secret_access_key = defaultsecret
            [dev]
            aws_access_key_id = DEVKEY   ; inline comment
            aws_secret_access_key = devsecret
            """)
        try write("config", """
            [profile dev]
            region = eu-west-1
            aws_access_key_id = CONFIGKEY
            aws_secret_access_key = configsecret
            [profile configonly]
            aws_access_key_id = CONFIGONLY
            aws_secret_access_key = s
            """)
        let dev = try await resolve(["AWS_PROFILE": "dev"])
        XCTAssertEqual(dev.accessKeyId, "DEVKEY")
        XCTAssertEqual(dev.source, "shared-credentials-file")
        let defaults = try await resolve()
        XCTAssertEqual(defaults.accessKeyId, "DEFAULTKEY")
        let configOnly = try await resolve(["AWS_PROFILE": "configonly"])
        XCTAssertEqual(configOnly.accessKeyId, "CONFIGONLY")
        XCTAssertEqual(configOnly.source, "config-file")
        XCTAssertEqual(try AWSEnvironment.load(variables: variables(["AWS_PROFILE": "dev"])).region, "eu-west-1")
        do {
            _ = try await resolve(["AWS_PROFILE": "nope"])
            XCTFail("missing profile resolved")
        } catch let error as CredentialsError {
            XCTAssertTrue(error.message.contains("nope"), error.message)
        }
    }

    func testCustomFileLocations() async throws {
        let credentialsPath = home.appendingPathComponent("custom-creds").path
        try "[default]\naws_access_key_id = CUSTOM\naws_secret_access_key = s\n".write(toFile: credentialsPath, atomically: true, encoding: .utf8)
        let credentials = try await resolve(["AWS_SHARED_CREDENTIALS_FILE": credentialsPath, "AWS_CONFIG_FILE": home.appendingPathComponent("none").path])
        XCTAssertEqual(credentials.accessKeyId, "CUSTOM")
    }

    func testCredentialProcessWithExpiration() async throws {
        let script = home.appendingPathComponent("creds.sh")
        try """
            #!/bin/sh
            echo '{"Version": 1, "AccessKeyId": "PROCKEY", "SecretAccessKey": "procsecret", "SessionToken": "proctoken", "Expiration": "2099-01-01T00:00:00Z"}'
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try write("config", "[profile proc]\ncredential_process = \"\(script.path)\" --profile 'with space'\n")
        let credentials = try await resolve(["AWS_PROFILE": "proc"])
        XCTAssertEqual(credentials.accessKeyId, "PROCKEY")
        XCTAssertEqual(credentials.sessionToken, "proctoken")
        XCTAssertEqual(credentials.expiration, ISO8601DateFormatter().date(from: "2099-01-01T00:00:00Z"))

        try write("config", "[profile proc]\ncredential_process = /bin/sh -c 'echo boom >&2; exit 3'\n")
        do {
            _ = try await resolve(["AWS_PROFILE": "proc"])
            XCTFail("failing credential_process resolved")
        } catch let error as CredentialsError {
            XCTAssertTrue(error.message.contains("status 3") && error.message.contains("boom"), error.message)
        }
    }

    func testCommandSplitting() throws {
        XCTAssertEqual(try ProcessCredentials.splitCommand(#"/bin/tool --a "b c" 'd "e"' f\ g"#, source: "t"),
                       ["/bin/tool", "--a", "b c", #"d "e""#, "f g"])
        XCTAssertThrowsError(try ProcessCredentials.splitCommand("tool 'open", source: "t"))
    }

    func testAssumeRoleChainThroughMoto() async throws {
        let sts = try XCTUnwrap(MotoHarness.endpoint, "moto did not start").absoluteString
        try write("credentials", "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = basesecret\n")
        try write("config", """
            [profile middle]
            role_arn = arn:aws:iam::123456789012:role/middle
            source_profile = base
            [profile top]
            role_arn = arn:aws:iam::123456789012:role/top
            source_profile = middle
            role_session_name = top-session
            """)
        let credentials = try await resolve(["AWS_PROFILE": "top", "AWS_ENDPOINT_URL_STS": sts])
        XCTAssertEqual(credentials.source, "assume-role")
        XCTAssertNotEqual(credentials.accessKeyId, "AKIDBASE")
        XCTAssertNotNil(credentials.sessionToken)
        XCTAssertNotNil(credentials.expiration)
    }

    func testSourceProfileCycleIsDetected() async throws {
        try write("config", """
            [profile a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::123456789012:role/b
            source_profile = a
            """)
        do {
            _ = try await resolve(["AWS_PROFILE": "a"])
            XCTFail("cyclic profiles resolved")
        } catch let error as CredentialsError {
            XCTAssertTrue(error.message.contains("infinite loop") && error.message.contains("a -> b -> a"), error.message)
        }
    }

    func testWebIdentityFromEnvironment() async throws {
        let sts = try XCTUnwrap(MotoHarness.endpoint, "moto did not start").absoluteString
        let tokenFile = home.appendingPathComponent("token").path
        try "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2ln".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let credentials = try await resolve(["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
                                             "AWS_ROLE_SESSION_NAME": "ci", "AWS_ENDPOINT_URL_STS": sts])
        XCTAssertEqual(credentials.source, "assume-role-with-web-identity")
        XCTAssertNotNil(credentials.sessionToken)
    }

    func testContainerCredentialsWithAuthorization() async throws {
        let server = try FakeServer()
        defer { server.stop() }
        let tokenFile = home.appendingPathComponent("container-token").path
        try "Bearer container-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        var environment = try AWSEnvironment.load(variables: variables(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/container/creds",
                                                                        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile]))
        environment.containerCredentialsHost = "127.0.0.1:\(server.port)"
        let credentials = try await CredentialChain(environment: environment, region: "us-east-1").credentials()
        XCTAssertEqual(credentials.accessKeyId, "CONTAINERKEY")
        XCTAssertEqual(credentials.source, "container")

        let full = try await resolve(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.base)/container/creds",
                                      "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer container-token"])
        XCTAssertEqual(full.accessKeyId, "CONTAINERKEY")
        do {
            _ = try await resolve(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.base)/container/creds",
                                   "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer wrong"])
            XCTFail("wrong container token accepted")
        } catch let error as CredentialsError {
            XCTAssertTrue(error.message.contains("401"), error.message)
        }
        do {
            _ = try await resolve(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"])
            XCTFail("plain-HTTP non-local container URI accepted")
        } catch let error as CredentialsError {
            XCTAssertEqual(error.source, "container")
        }
    }

    func testInstanceMetadataV2() async throws {
        let server = try FakeServer()
        defer { server.stop() }
        let credentials = try await resolve(["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.base])
        XCTAssertEqual(credentials.accessKeyId, "IMDSKEY")
        XCTAssertEqual(credentials.sessionToken, "token-IMDSKEY")
        XCTAssertNotNil(credentials.expiration)
        do {
            _ = try await resolve(["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.base])
            XCTFail("disabled IMDS was used")
        } catch let error as CredentialsError {
            XCTAssertTrue(error.message.contains("instance metadata disabled"), error.message)
        }
    }

    func testCacheRefreshesBeforeExpiryAndSharesOneFetch() async throws {
        final class Clock: @unchecked Sendable { var now = Date(timeIntervalSince1970: 1_000_000) }
        let clock = Clock()
        let cache = CachingCredentialProvider(refreshMargin: 300, now: { clock.now }) {
            try await Task.sleep(nanoseconds: 20_000_000)
            return AWSCredentials(accessKeyId: "TEMP\(Int(clock.now.timeIntervalSince1970))", secretAccessKey: "s",
                                  sessionToken: "t", expiration: clock.now.addingTimeInterval(3600))
        }
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.credentials().accessKeyId } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(keys, ["TEMP1000000"])
        let afterFirst = await cache.fetchCount
        XCTAssertEqual(afterFirst, 1)
        clock.now = clock.now.addingTimeInterval(3000)  // 10 minutes left: still good
        _ = try await cache.credentials()
        let stillOne = await cache.fetchCount
        XCTAssertEqual(stillOne, 1)
        clock.now = clock.now.addingTimeInterval(400)  // under 5 minutes left: refresh
        let refreshed = try await cache.credentials()
        XCTAssertEqual(refreshed.accessKeyId, "TEMP1003400")
        let two = await cache.fetchCount
        XCTAssertEqual(two, 2)
    }

    func testDescriptionRedactsSecrets() {
        let credentials = AWSCredentials(accessKeyId: "AKIDVISIBLE", secretAccessKey: "SUPERSECRET", sessionToken: "TOKENSECRET")
        for text in [credentials.description, "\(credentials)", String(reflecting: credentials)] {
            XCTAssertTrue(text.contains("AKIDVISIBLE"))
            XCTAssertFalse(text.contains("SUPERSECRET"), text)
            XCTAssertFalse(text.contains("TOKENSECRET"), text)
        }
    }
}
