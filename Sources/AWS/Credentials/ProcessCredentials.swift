import Foundation

/// `credential_process`: runs the command (split like a POSIX shell would, but without a shell)
/// and reads `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
enum ProcessCredentials {
    struct Output: Decodable {
        var Version: Int
        var AccessKeyId: String
        var SecretAccessKey: String
        var SessionToken: String?
        var Expiration: String?
    }

    static func fetch(command: String, profile: String) async throws -> AWSCredentials {
        let source = "credential_process (profile \(profile))"
        let arguments = try splitCommand(command, source: source)
        guard let executable = arguments.first else { throw CredentialsError(source: source, "the command is empty") }
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = Array(arguments.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
        }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw CredentialsError(source: source, "cannot run \(executable): \(error.localizedDescription)")
        }
        async let errorData = Task.detached { errors.fileHandleForReading.readDataToEndOfFile() }.value
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = await errorData
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CredentialsError(source: source, "exited with status \(process.terminationStatus): "
                + String(decoding: stderr.prefix(1000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let parsed: Output
        do { parsed = try JSONDecoder().decode(Output.self, from: data) } catch {
            throw CredentialsError(source: source, "output is not the expected JSON (Version, AccessKeyId, SecretAccessKey)")
        }
        guard parsed.Version == 1 else { throw CredentialsError(source: source, "unsupported Version \(parsed.Version) (expected 1)") }
        var expiration: Date?
        if let text = parsed.Expiration {
            guard let date = ISO8601.parse(text) else { throw CredentialsError(source: source, "invalid Expiration '\(text)'") }
            expiration = date
        }
        return AWSCredentials(accessKeyId: parsed.AccessKeyId, secretAccessKey: parsed.SecretAccessKey,
                              sessionToken: parsed.SessionToken, expiration: expiration, source: "credential_process")
    }

    /// Splits a command line into words: whitespace separates, single quotes keep everything,
    /// double quotes keep everything but `\"` and `\\`, a backslash escapes the next character.
    static func splitCommand(_ command: String, source: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(command).makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" { closed = true; break }
                    current.append(next)
                }
                if !closed { throw CredentialsError(source: source, "unterminated single quote in command") }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" { closed = true; break }
                    if next == "\\", let escaped = iterator.next() {
                        if escaped != "\"" && escaped != "\\" { current.append("\\") }
                        current.append(escaped)
                        continue
                    }
                    current.append(next)
                }
                if !closed { throw CredentialsError(source: source, "unterminated double quote in command") }
            case "\\":
                inWord = true
                if let escaped = iterator.next() { current.append(escaped) }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

/// ISO 8601 timestamps as AWS writes them (with or without fractional seconds).
enum ISO8601 {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
