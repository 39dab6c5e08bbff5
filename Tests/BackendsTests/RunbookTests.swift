import Foundation
import TestSupport
import XCTest
import ContractSyntax
import Diagnostics
import MigrationIR
@testable import Backends

/// The generated runbooks (docs/*.md) for the bundled contracts: every fenced command is exact for the migration (its tables, job names, region, bucket, prefixes)
/// and survives the shell word for word; tests/python/test_runbook_commands.py checks the same
/// commands against botocore's models and the CLI's --help.
final class RunbookTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// What `sh` makes of each command line: its words, by running every line as `printf`
    /// arguments in one shell (a line's words end with an empty-marker word `\u{1}`).
    func shellWords(lines: [String]) throws -> [[String]] {
        let r = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"),
                                     ["-c", lines.map { "printf '%s\\0' " + $0 + " && printf '\\001\\0'" }.joined(separator: "\n")])
        XCTAssertEqual(r.status, 0, r.stderrText)
        var result: [[String]] = [[]]
        for word in r.stdoutText.split(separator: "\0", omittingEmptySubsequences: false).dropLast() {
            if word == "\u{1}" { result.append([]) } else { result[result.count - 1].append(String(word)) }
        }
        result.removeLast()
        XCTAssertEqual(result.count, lines.count, "the shell split the lines differently")
        return result
    }

    func shellWords(_ line: String) throws -> [String] { try shellWords(lines: [line]).first ?? [] }

    func testShellQuotingKeepsEveryWordWhole() throws {
        XCTAssertEqual(ShellWords.quote("shop-migrate-Users"), "shop-migrate-Users")
        XCTAssertEqual(ShellWords.quote("Name=Table,Value=Users"), "Name=Table,Value=Users")
        XCTAssertEqual(ShellWords.quote("file://docs/iam.md"), "file://docs/iam.md")
        XCTAssertEqual(ShellWords.quote(#"[{"Name":"Table","Value":"Users"}]"#), #"'[{"Name":"Table","Value":"Users"}]'"#)
        XCTAssertEqual(ShellWords.quote("Contents[].Key"), "'Contents[].Key'")
        XCTAssertEqual(ShellWords.quote(""), "''")
        XCTAssertEqual(ShellWords.quote("it's"), "'it'\\''s'")
        let hostile = ["plain", "two words", "it's", "$HOME", "`id`", "a;b", "*", "~", "=x", "", "tab\there", "new\nline",
                       "back\\slash", "\"dq\"", "Contents[].[Key,Size]", "é", "!bang", "a|b&c>d<e", "#hash"]
        XCTAssertEqual(try shellWords(ShellWords.command(hostile)), hostile)
    }

    /// Every byte against the set `ShellWords` documents as plain (its two bit masks): each plain
    /// byte stands unquoted in a word, every other byte, alone or inside a word, makes it quoted,
    /// and the shell reads every such word back whole.
    func testEveryByteIsPlainExactlyWhenDocumented() throws {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+,=".utf8)
        var quotedWords: [String] = []
        for b in UInt8(0)...UInt8(255) {
            XCTAssertEqual(ShellWords.isPlainByte(b), plain.contains(b), "byte \(b)")
            guard b > 0, b < 0x80 else { continue }
            let word = "a" + String(UnicodeScalar(b)) + "b"
            XCTAssertEqual(ShellWords.quote(word) == word, plain.contains(b), "word with byte \(b)")
            if !plain.contains(b) { quotedWords.append(word) }
        }
        XCTAssertEqual(try shellWords(ShellWords.command(quotedWords)), quotedWords)
    }

    /// A metrics namespace may hold a space (the config allows any name not under AWS/): the
    /// command still passes it as one word.
    func testConfigNamesThatNeedQuotesStayOneWord() throws {
        var c = MigrationConfig.placeholder
        c.glue.metricsNamespace = "shop metrics's"
        let words = try shellWords(RunbookCommands(config: c).listMetrics("Users"))
        XCTAssertEqual(words, ["aws", "cloudwatch", "list-metrics", "--region", "us-east-1", "--namespace", "shop metrics's",
                               "--dimensions", "Name=Table,Value=Users"])
    }

    func testRestoredAndBackupNamesStayValidTableNames() {
        let long = String(repeating: "T", count: 255)
        XCTAssertEqual(RunbookCommands.restoredName("Users"), "Users-restored")
        XCTAssertEqual(RunbookCommands.restoredName(long).count, 255)
        XCTAssertEqual(RunbookCommands.backupName(long, "before-migration").count, 255)
        XCTAssertTrue(RunbookCommands.backupName(long, "before-migration").hasSuffix("-before-migration"))
    }

    struct Generated {
        var ir: MigrationIR
        var config: MigrationConfig
        var files: [String: String]
    }

    func generate(_ name: String) throws -> Generated {
        let dir = Self.repo.appendingPathComponent("contracts/\(name)")
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent("contract.json")))
        let d = DiagnosticEngine()
        var config = MigrationConfig.placeholder
        let configURL = dir.appendingPathComponent("config.json")
        if FileManager.default.fileExists(atPath: configURL.path) {
            config = try XCTUnwrap(ConfigParser.parse(bytes: [UInt8](Data(contentsOf: configURL)), file: "config.json", diagnostics: d),
                                   TextRenderer.render(d.sorted))
        }
        let ast = try XCTUnwrap(ContractParser.parse(bytes: bytes, file: "contract.json", diagnostics: d), TextRenderer.render(d.sorted))
        let ir = try XCTUnwrap(Sema.check(ast, schema: nil, diagnostics: d), TextRenderer.render(d.sorted))
        let set = try ArtifactGenerator.generate(ir, contractFile: "contract.json", contractBytes: bytes, options: .init(config: config))
        return Generated(ir: ir, config: config, files: set.files.mapValues { String(decoding: $0, as: UTF8.self) })
    }

    /// The command lines inside fenced blocks, indentation removed.
    /// The command lines of the fenced blocks, a line ending in `\\` joined with the next (as the
    /// shell joins them).
    func fencedCommands(_ text: String) -> [String] {
        var inside = false
        var out: [String] = []
        var pending = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("```") { inside.toggle(); continue }
            guard inside, !t.isEmpty, pending.isEmpty ? !t.hasPrefix("#") : true else { continue }
            if t.hasSuffix("\\") { pending += t.dropLast() + " "; continue }
            out.append(pending + t)
            pending = ""
        }
        return out
    }

    func checkRunbooks(_ name: String) throws {
        let g = try generate(name)
        let c = g.config
        XCTAssertFalse(g.ir.tables.isEmpty)
        let runbook = try XCTUnwrap(g.files["docs/runbook.md"])
        var allWords: [[String]] = []
        for doc in RunbookLowering.documents {
            let text = try XCTUnwrap(g.files["docs/\(doc).md"], "docs/\(doc).md not generated")
            XCTAssertTrue(runbook.contains("(\(doc).md)"), "runbook.md does not link \(doc).md")
            XCTAssertFalse(text.contains("{{"), "\(doc).md has an unrendered tag")
            let commands = fencedCommands(text)
            XCTAssertFalse(commands.isEmpty, "\(doc).md has no command")
            for (line, words) in zip(commands, try shellWords(lines: commands)) {
                allWords.append(words)
                XCTAssertTrue(["aws", "ddb-migrate"].contains(words.first ?? ""), line)
                if words.first == "aws" {
                    // Every AWS command names the migration's region explicitly.
                    let r = try XCTUnwrap(words.firstIndex(of: "--region"), line)
                    XCTAssertEqual(words[r + 1], c.region, line)
                } else {
                    XCTAssertEqual(Array(words.dropFirst(2).prefix(1)), ["."], line)
                }
            }
        }
        func has(_ words: [String]) -> Bool { allWords.contains(words) }
        for t in g.ir.tables {
            let job = c.jobName(for: t.name)
            XCTAssertTrue(has(["aws", "glue", "get-job-runs", "--region", c.region, "--job-name", job, "--max-results", "5"]), t.name)
            XCTAssertTrue(has(["aws", "dynamodb", "restore-table-to-point-in-time", "--region", c.region, "--source-table-name", t.name,
                               "--target-table-name", t.name + "-restored", "--restore-date-time", "RUN_STARTED_AT"]), t.name)
            XCTAssertTrue(has(["aws", "dynamodb", "describe-continuous-backups", "--region", c.region, "--table-name", t.name]), t.name)
            XCTAssertTrue(has(["aws", "dynamodb", "create-backup", "--region", c.region, "--table-name", t.name,
                               "--backup-name", t.name + "-before-migration", "--query", "BackupDetails.BackupArn", "--output", "text"]), t.name)
            XCTAssertTrue(has(["aws", "s3api", "list-objects-v2", "--region", c.region, "--bucket", c.s3.bucket,
                               "--prefix", c.s3.deadLetterPrefix + t.name + "/", "--query", "Contents[].[Key,Size,LastModified]", "--output", "text"]), t.name)
            XCTAssertTrue(has(["ddb-migrate", "replay", ".", "--config", "CONFIG", "--mysql", "mysql://USER@HOST:3306/DB", "--table", t.name,
                               "--dry-run"]), t.name)
            XCTAssertTrue(has(["aws", "dynamodb", "delete-table", "--region", c.region, "--table-name", t.name]), t.name)
            // One alarm per job metric, the table's throttles and errors, and each index's throttles,
            // each created by exactly its command, its whole definition in the options.
            let alarms = AlarmDefinitions.alarms(t, config: c)
            XCTAssertEqual(alarms.map(\.name), ["run-failed", "dead-letters", "write-throttles"]
                           + t.gsis.map(\.name).sorted().map { "\($0)-write-throttles" } + ["system-errors"])
            for a in alarms {
                let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(a.request.rendered().utf8)) as? [String: Any])
                XCTAssertEqual(doc["AlarmName"] as? String, "\(job)-\(a.name)")
                XCTAssertEqual(doc["AlarmName"] as? String, a.alarmName)
                XCTAssertNil(doc["AlarmActions"], "the config names no topic: no actions")
                let dims = try XCTUnwrap(doc["Dimensions"] as? [[String: String]])
                let namespace = doc["Namespace"] as? String
                XCTAssertTrue(namespace == c.glue.metricsNamespace ? dims.first == ["Name": "Table", "Value": t.name]
                                                                   : namespace == "AWS/DynamoDB" && dims.first == ["Name": "TableName", "Value": t.name], a.alarmName)
                let metric = try XCTUnwrap(doc["MetricName"] as? String), statistic = try XCTUnwrap(doc["Statistic"] as? String)
                let period = try XCTUnwrap(doc["Period"] as? Int), periods = try XCTUnwrap(doc["EvaluationPeriods"] as? Int)
                let threshold = try XCTUnwrap(doc["Threshold"] as? Double), comparison = try XCTUnwrap(doc["ComparisonOperator"] as? String)
                let dimensionsJSON = try XCTUnwrap(String(data: try JSONSerialization.data(withJSONObject: dims, options: .sortedKeys), encoding: .utf8))
                XCTAssertTrue(has(["aws", "cloudwatch", "put-metric-alarm", "--region", c.region, "--alarm-name", a.alarmName,
                                   "--alarm-description", "ddb-migrate, table \(t.name): \(a.what) (docs/operations.md)",
                                   "--namespace", try XCTUnwrap(namespace), "--metric-name", metric, "--dimensions", dimensionsJSON,
                                   "--statistic", statistic, "--period", String(period), "--evaluation-periods", String(periods),
                                   "--datapoints-to-alarm", String(periods), "--threshold", String(Int(threshold)),
                                   "--comparison-operator", comparison, "--treat-missing-data", "notBreaching", "--actions-enabled"]), a.alarmName)
            }
        }
        // The runbooks are the alarms' only form: no file per alarm.
        XCTAssertTrue(g.files.keys.allSatisfy { !$0.hasPrefix("docs/alarms/") })
    }

    func testModernizerRunbooks() throws { try checkRunbooks("modernizer") }
    func testCoverageRunbooks() throws { try checkRunbooks("coverage") }

    /// The capacity and cost numbers follow from the contract's estimated item size and the
    /// config's ceiling (modernizer: Users 4,096 bytes = 4 write units, three GSIs projecting ALL =
    /// 4 more each, ceiling 1,000 WCU/s: 4,000 s per million items; 16 x $0.625 = $10.00 per million).
    func testCapacityAndCostNumbersForTheModernizer() throws {
        let g = try generate("modernizer")
        let users = try XCTUnwrap(g.ir.tables.first { $0.name == "Users" })
        XCTAssertEqual(users.estimatedItemSize, 4096)
        XCTAssertEqual(users.gsis.map(\.projection), [.all, .all, .all])
        let capacity = try XCTUnwrap(g.files["docs/capacity.md"])
        XCTAssertTrue(capacity.contains("1000 write units per second (`writes.max_write_units_per_second_by_table`)"), capacity)
        XCTAssertTrue(capacity.contains("4096 bytes, so\n  4 write unit(s) per item in the table, 16 with its"), capacity)
        XCTAssertTrue(capacity.contains("one million such items take 67 min."), capacity)
        let cost = try XCTUnwrap(g.files["docs/cost.md"])
        XCTAssertTrue(cost.contains("at least 16 write units per item"), cost)
        XCTAssertTrue(cost.contains("$10.00 per million items on-demand"), cost)
    }

    /// Table `Users-ByEmail`'s alarm and table `Users`' index `ByEmail` alarm would share the
    /// name `ddb-migrate-Users-ByEmail-write-throttles`, and one PutMetricAlarm would replace the
    /// other: generate refuses instead.
    func testAlarmsThatWouldShareANameAreRefused() throws {
        let ir = try XCTUnwrap(checkedIR(ValidationJobGenerationTests.contract(["Users", "Users-ByEmail"])))
        XCTAssertThrowsError(try ArtifactGenerator.generate(ir, contractFile: "c.json", contractBytes: [], options: .init())) { error in
            XCTAssertTrue("\(error)".contains("two alarms would both be named ddb-migrate-Users-ByEmail-write-throttles"), "\(error)")
        }
        let fine = try XCTUnwrap(checkedIR(ValidationJobGenerationTests.contract(["Users", "Users-Other"])))
        XCTAssertNoThrow(try ArtifactGenerator.generate(fine, contractFile: "c.json", contractBytes: [], options: .init()))
    }
}
