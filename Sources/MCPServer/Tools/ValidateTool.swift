import AWS
import Foundation
import MCP
import MySQL
import Operations
import Validation

/// `validate`: proves each migrated table item by item; progress per table while its keys are
/// scanned. A table under `min_score` is a tool error carrying the whole validation document.
struct ValidateTool: MCPTool {
    let name = "validate"
    let description = "Prove each migrated table item by item (as 'ddb-migrate validate'): counts, every key, sampled attributes, GSIs, the job's accounting; the document is also written under the reports prefix. A table below min_score makes this a tool error carrying the document. Reads the views from the server's MySQL."
    let input = ObjectSchema([
        .required("dir", .string("A directory written by 'generate', under the root.")),
        .optional("config", .string("The migration config; when given (or the server has --config), it must agree with the manifest.")),
        .optional("tables", .array("Only these tables.", items: .string("A table name."))),
        .optional("sample", .integer("Compare N sampled items per table attribute by attribute.", minimum: 1)),
        .optional("full", .boolean("Compare every item.")),
        .optional("seed", .integer("Seed of the sample.", minimum: 0)),
        .optional("min_score", .number("Lowest integrity score (0-100) that passes.", minimum: 0, maximum: 100)),
        .optional("on", .string("Where to validate.", oneOf: ["local", "glue"])),
        .optional("runs", .string("Read the run summaries from this run-local work folder (under the root) instead of S3.")),
        .optional("dynamodb_endpoint", .string("A local DynamoDB endpoint (http or https URL), as run-local's.")),
    ])
    let annotations = Tool.Annotations(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        if arguments.bool("full") && arguments.int("sample") != nil { throw ArgumentError("choose one of arguments.sample and arguments.full") }
        var options = ValidationOptions()
        options.tables = arguments.strings("tables")
        options.sample = arguments.bool("full") ? .full : arguments.int("sample").map { .count($0) } ?? .automatic
        options.seed = arguments.int("seed") ?? 1
        options.minScore = arguments.double("min_score") ?? 100
        options.engine = arguments.string("on").flatMap(ValidationOptions.Engine.init(rawValue:)) ?? .local
        options.runsFolder = try context.optionalPath(arguments, "runs").map { URL(fileURLWithPath: $0) }
        if let e = arguments.string("dynamodb_endpoint") {
            guard let url = URL(string: e), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ArgumentError("arguments.dynamodb_endpoint must be an http(s) URL, got '\(e)'")
            }
            options.dynamoDBEndpoint = url
        }
        if let folder = options.runsFolder, !FileManager.default.fileExists(atPath: folder.path) {
            throw CommandFailure(.input, "runs \(context.display(folder.path)) does not exist: give the folder 'run-local --work' wrote")
        }
        let (directory, target) = try context.readTarget(arguments)
        let services = target.dynamoDB(at: options.dynamoDBEndpoint)
        let connection = options.engine == .local || options.dynamoDBEndpoint != nil ? try context.connectMySQL(for: name) : nil
        defer { connection?.close() }
        let validator = Validator(directory: directory, mysql: connection, mysqlURL: context.mysql, services: services, options: options)
        let progress = context.progress
        let document: ValidationDocument
        do {
            let tables = try validator.selectedTables().count
            let seen = LineCollector()
            document = try await validator.run { table, done, expected in
                if !seen.lines.contains(table) { seen.append(table) }
                progress.report(Double(seen.lines.count), total: Double(tables),
                                "\(table): \(done)\(expected.map { "/\($0)" } ?? "") keys")
            }
        } catch let f as Validator.Failure {
            throw CommandFailure(f.unreachable ? .unreachable : .input, f.description)
        }
        let structured = try Value.json(Validator.json(document))
        let text = ValidationReport.text(document)
        if !document.passed {
            throw ToolFailure(CommandFailure(.input, "validation failed:\n" + text), details: structured)
        }
        return ToolResult(summary: text, structured: structured)
    }
}
