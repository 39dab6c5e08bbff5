import AWS
import Foundation
import MySQL
import Validation

/// `replay`: re-drives the dead letters of one run of one table after their cause was fixed
/// (docs/REPLAY.md). Each dead letter's row is read again from its entity view as the job reads
/// it (`JobSourceReader`), converted with the job's rules (`expectedOutcome`, CONTRACT.md §5),
/// and written with the job's conditional put (`ReplayWriter`); what happened to each is written
/// as a run of its own (summary, replayed.jsonl, new dead letters) where the job writes its runs.
public struct Replayer {
    public struct Options: Sendable {
        public var table: String
        /// The source run; nil: the latest (by started_at) run of the table, not a replay, that
        /// has dead letters.
        public var run: String?
        /// The run-local work folder instead of the manifest's S3 prefixes.
        public var runsFolder: URL?
        /// Read and convert, write nothing.
        public var dryRun = false
        public init(table: String) { self.table = table }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// MySQL, DynamoDB or S3 unreachable or failing (exit 3); else the input is wrong (exit 1).
        public var unreachable: Bool
    }

    public struct Result: Sendable {
        public var table: String
        public var runId: String
        public var sourceRun: String
        public var dryRun: Bool
        public var lines: [ReplayedLine]
        public var counts: ReplayCounts
        public var seconds: Double
        /// Where the summary, the outcomes and the new dead letters went (empty on a dry run).
        public var written: [String]
    }

    let directory: GeneratedDirectory
    let mysql: MySQLConnection
    let services: AWSServices
    let options: Options

    public init(directory: GeneratedDirectory, mysql: MySQLConnection, services: AWSServices, options: Options) {
        self.directory = directory; self.mysql = mysql; self.services = services; self.options = options
    }

    public func run() async throws -> Result {
        let started = Date()
        let table = options.table
        let m = directory.manifest
        guard m.tables.contains(where: { $0.name == table }) else {
            throw Failure(description: "no table \(table) in \(directory.url.path)/manifest.json (its tables: \(m.tables.map(\.name).joined(separator: ", ")))",
                          unreachable: false)
        }
        let shape: ItemShape
        do { shape = try JSONDecoder().decode(ItemShape.self, from: try directory.jobSpecJSON(table: table)) } catch {
            throw Failure(description: "the job spec of \(table) in \(directory.url.path)/manifest.json: \(error)", unreachable: false)
        }
        let store: ReplayStore = options.runsFolder.map { .folder($0) }
            ?? .s3(services.s3, bucket: m.s3.bucket, reportsPrefix: m.s3.reportsPrefix, deadLetterPrefix: m.s3.deadLetterPrefix)

        let sourceRun = try await chooseRun(store: store, table: table)
        let letters = try await readDeadLetters(store: store, table: table, run: sourceRun)
        let runId = Self.newRunId(at: started)

        var writer = ReplayWriter(shape: shape)
        if let attempts = m.jobs.first(where: { $0.table == table })?.defaultArguments["--ddbm_max_attempts"].flatMap(Int.init) {
            writer.maxAttempts = max(1, attempts)
        }
        let send = try await sender(table: table)

        let reader: JobSourceReader
        do { reader = try JobSourceReader(mysql: mysql) } catch let e as MySQLError {
            throw Failure(description: "MySQL: \(e)", unreachable: e.isUnreachable)
        }
        var found: [(letter: SourceDeadLetter, found: ReplayPlanner.Found, key: DynamoDBItem?)] = []
        for letter in letters {
            let (rows, key) = try find(letter, shape: shape, reader: reader)
            found.append((letter, rows, key))
        }
        var counts = ReplayCounts()
        var lines: [ReplayedLine] = []
        var newLetters: [ReplayDeadLetter] = []
        for step in ReplayPlanner.plan(found, shape: shape, sourceRun: sourceRun) {
            var line = step.line
            func deadLetter(_ reason: String, _ detail: String, row: ReplayJSON, attempts: Int = 0, lastError: String? = nil) {
                line.outcome = .deadLettered
                line.newReason = reason
                counts.deadLettered += 1
                counts.reasons[reason, default: 0] += 1
                newLetters.append(ReplayDeadLetter(reason: reason, detail: detail, attempts: attempts, lastError: lastError, row: row))
            }
            switch step.action {
            case .notFound:
                counts.notFound += 1
            case let .deadLetter(reason, detail, row):
                counts.read += 1
                deadLetter(reason, detail, row: row)
            case let .write(item, row):
                counts.read += 1
                guard let send else {  // a dry run: what would be written
                    line.outcome = .written
                    counts.written += 1
                    break
                }
                let result = try await writer.put(item, send: send)
                counts.throttledRetries += result.throttledRetries
                counts.consumedWriteUnits += result.consumedUnits
                switch result.outcome {
                case .written: line.outcome = .written; counts.written += 1
                case .skipped: line.outcome = .skipped; counts.skipped += 1
                case let .failed(reason, lastError):
                    deadLetter(reason, "write failed", row: row, attempts: result.attempts, lastError: lastError)
                }
            }
            lines.append(line)
        }
        lines.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
        let finished = Date()
        var result = Result(table: table, runId: runId, sourceRun: sourceRun, dryRun: options.dryRun, lines: lines, counts: counts,
                            seconds: finished.timeIntervalSince(started), written: [])
        if !options.dryRun {
            result.written = try await publish(store: store, shape: shape, runId: runId, sourceRun: sourceRun, lines: lines,
                                               letters: newLetters, counts: counts, started: started, finished: finished)
        }
        return result
    }

    // MARK: Steps

    /// The run named by `--run`, or the latest run (by started_at) that has dead letters and is not a replay.
    private func chooseRun(store: ReplayStore, table: String) async throws -> String {
        if let run = options.run { return run }
        let summaries = try await storeCall { try await store.summaries(table: table) }
        let candidates = summaries.filter { !$0.summary.isReplay && $0.summary.counters.deadLettered > 0 }
        guard let latest = candidates.max(by: { ($0.summary.startedAt ?? "", $0.runId) < ($1.summary.startedAt ?? "", $1.runId) }) else {
            throw Failure(description: summaries.isEmpty
                          ? "no run of \(table) in \(store.location(reports: true, table: table)): nothing to replay"
                          : "no run of \(table) has dead letters (\(summaries.count) run summaries in \(store.location(reports: true, table: table))): nothing to replay",
                          unreachable: false)
        }
        return latest.runId
    }

    private func readDeadLetters(store: ReplayStore, table: String, run: String) async throws -> [SourceDeadLetter] {
        let files = try await storeCall { try await store.deadLetterFiles(table: table, runId: run) }
        var letters: [SourceDeadLetter] = []
        do {
            for file in files { letters += try DeadLetterParser.parse(file.data, file: file.source, table: table, runId: run) }
        } catch let e as DeadLetterParseError {
            throw Failure(description: e.description, unreachable: false)
        }
        guard !letters.isEmpty else {
            throw Failure(description: "run \(run) of \(table) has no dead letters in \(store.location(reports: false, table: table))\(run)/: nothing to replay",
                          unreachable: false)
        }
        return letters
    }

    /// The put function (nil on a dry run): DynamoDB with the client's own retries off, as the
    /// job turns botocore's off, so the writer counts and paces every retry itself. The table
    /// must exist: a put to a missing table would dead-letter every row for nothing.
    private func sender(table: String) async throws -> ReplayWriter.Send? {
        guard !options.dryRun else { return nil }
        let c = services.client
        let dynamoDB = DynamoDBClient(client: AWSClient(region: c.region, credentials: c.credentials, environment: c.environment,
                                                        retryPolicy: RetryPolicy(maxAttempts: 1), endpointOverrides: c.endpointOverrides))
        do { _ = try await services.dynamoDB.describeTable(table) } catch let e as AWSError where e.code == "ResourceNotFoundException" {
            throw Failure(description: "DynamoDB table \(table) does not exist (in \(c.region)): run the migration first", unreachable: false)
        } catch {
            throw Failure(description: "DynamoDB.DescribeTable \(table): \(error)", unreachable: true)
        }
        return { request in
            do {
                return try await dynamoDB.conditionalPut(table: request.table, item: request.item, conditionExpression: request.condition,
                                                         expressionAttributeNames: request.names, expressionAttributeValues: request.values)
            } catch let failure as DynamoDBClient.PutItemFailure {
                throw failure
            } catch {
                throw Failure(description: "DynamoDB.PutItem \(table): \(error)", unreachable: true)
            }
        }
    }

    /// The dead letter's row in the view now, and the key the line reports.
    func find(_ letter: SourceDeadLetter, shape: ItemShape, reader: JobSourceReader) throws -> (rows: ReplayPlanner.Found, key: DynamoDBItem?) {
        let address = ReplayAddress.of(letter, shape: shape)
        // The line names the dead letter by the key its row had (its identity in the contract
        // `report` reads, replay-contract: (entity, key), else (entity, _partition_key)), not by
        // the key the row has now: a row whose missing key was fixed is still that dead letter.
        var key: DynamoDBItem? = [:]
        for name in shape.keyNames {
            guard let type = shape.attribute(named: name)?.type, let raw = letter.value(name),
                  let (value, _) = ReplayAddress.keyValue(raw, type: type) else { key = nil; break }
            key?[name] = value
        }
        do {
            switch address {
            case let .unaddressable(detail):
                return (.none(detail), key)
            case let .partitionKey(source, value):
                let rows = try reader.rows(shape, shape.sources[source], matching: [(shape.partitionColumn, [value])])
                if rows.count > 1 {
                    return (.none("\(rows.count) rows of \(shape.sources[source].view) have \(shape.partitionColumn) = \(ReplayJSON(letter.value(shape.partitionColumn)!).text): the row cannot be told apart"), key)
                }
                guard let row = rows.first else { return (.none(nil), key) }
                return (.row(row, expectedOutcome(row: row, shape: shape)), key)
            case let .key(source, conditions, addressed):
                let rows = try reader.rows(shape, shape.sources[source], matching: conditions)
                let wanted = try? CanonicalKey.bytes(of: addressed, keyNames: shape.keyNames)
                // The view compares by its collation; the dead letter's row is the one whose
                // converted key is exactly its key (a row that no longer converts is kept: it
                // matched the address, and its conversion says why it fails).
                let candidates = rows.map { ($0, expectedOutcome(row: $0, shape: shape)) }.filter { _, outcome in
                    guard case let .item(item, _) = outcome else { return true }
                    return (try? CanonicalKey.bytes(of: item, keyNames: shape.keyNames)) == wanted
                }
                if candidates.count > 1 { return (.collision(candidates.count), key) }
                guard let (row, outcome) = candidates.first else { return (.none(nil), key) }
                return (.row(row, outcome), key)
            }
        } catch let e as MySQLError {
            throw Failure(description: "reading \(shape.table)'s view again: \(e)", unreachable: e.isUnreachable)
        }
    }

    /// New dead letters, then the outcomes, then the summary (the summary last: a reader that
    /// sees it sees the rest).
    private func publish(store: ReplayStore, shape: ItemShape, runId: String, sourceRun: String, lines: [ReplayedLine],
                         letters: [ReplayDeadLetter], counts: ReplayCounts, started: Date, finished: Date) async throws -> [String] {
        var written: [String] = []
        try await storeCall {
            if !letters.isEmpty {
                let text = letters.map { $0.line(table: shape.table, runId: runId) + "\n" }.joined()
                written.append(try await store.write(Data(text.utf8), reports: false, table: shape.table, path: "\(runId)/part-00000.jsonl"))
            }
            let outcomes = lines.map { $0.json.text + "\n" }.joined()
            written.append(try await store.write(Data(outcomes.utf8), reports: true, table: shape.table, path: "\(runId)/replayed.jsonl"))
            let summary = ReplayOutputs.summary(table: shape.table, view: shape.view, runId: runId, sourceRun: sourceRun,
                                                startedAt: Self.timestamp(started), finishedAt: Self.timestamp(finished),
                                                writeMode: shape.writeMode.rawValue, counts: counts,
                                                deadLetterPrefix: store.deadLetterURI(table: shape.table, runId: runId))
            written.append(try await store.write(Data((summary.text + "\n").utf8), reports: true, table: shape.table, path: "\(runId).json"))
        }
        return written
    }

    private func storeCall<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let f as ReplayStore.Failure {
            throw Failure(description: f.description, unreachable: f.unreachable)
        }
    }

    /// `replay-<UTC yyyyMMddTHHmmssSSSZ>`: a run id the job's pattern allows, ordered by time.
    static func newRunId(at date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmssSSS'Z'"
        return "replay-" + f.string(from: date)
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
