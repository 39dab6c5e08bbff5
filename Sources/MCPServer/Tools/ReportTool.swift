import AWS
import Foundation
import MCP
import Operations

/// `report`: the migration report from the run summaries, dead letters, progress and latest
/// validation (S3, or a run-local folder under the root), written under the root; answers with
/// the report.json document and the executive summary.
struct ReportTool: MCPTool {
    let name = "report"
    let description = "Write the migration report (report.md, report.json, report.html) from the run summaries, dead letters, progress and the latest validation (as 'ddb-migrate report'). Returns the report.json document with the paths written ('written'); mysql: true also counts the items per partition key value (hot keys) in the views on the server's MySQL. Reads S3 (or a run-local folder), writes only the report files into 'out'."
    let input = ObjectSchema([
        .required("dir", .string("A directory written by 'generate', under the root.")),
        .optional("config", .string("The migration config; when given (or the server has --config), it must agree with the manifest.")),
        .optional("runs", .string("Read from this run-local work folder (under the root) instead of the manifest's S3 prefixes.")),
        .optional("out", .string("Where to write the report files, under the root; default: DIR/report.")),
        .optional("format", .string("Which files to write.", oneOf: MigrationReport.Format.allCases.map(\.rawValue))),
        .optional("mysql", .boolean("Count the items per partition key value in the views on the server's MySQL (hot keys).")),
    ])
    let annotations = Tool.Annotations(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let dir = try context.path(arguments, "dir")
        let runs = try context.optionalPath(arguments, "runs")
        let out = try context.optionalPath(arguments, "out")
        let config = try context.optionalPath(arguments, "config") ?? context.config
        let format = arguments.string("format").flatMap(MigrationReport.Format.init(rawValue:)) ?? .all
        let directory: GeneratedDirectory
        var s3: S3Client?
        if MigrationReport.needsAWS(config: config, runsFolder: runs) {
            let (d, services) = try context.readTarget(arguments)
            (directory, s3) = (d, services.s3)
        } else {
            directory = try context.generatedDirectory(arguments)
        }
        // Read with this machine's paths; the report names them as the caller gave them, so the
        // replay commands it suggests run from the root and the files show nothing of this machine.
        let reader = MigrationReport(directory: directory, context: ReportModel.Context(directory: dir, config: config, runsFolder: runs))
        let shown = ReportModel.Context(directory: context.display(dir), config: config.map(context.display), runsFolder: runs.map(context.display))
        let progress = context.progress
        let written: [URL]
        let model: ReportModel
        do {
            let inputs = try await reader.inputs(s3: s3)
            progress.step("read \(inputs.tables.count) tables' runs and validation")
            var hotKeys: [String: [HotKey]]?
            if arguments.bool("mysql") {
                let connection = try context.connectMySQL(for: name)
                defer { connection.close() }
                hotKeys = try reader.hotKeys(connection)
                progress.step("counted the items per partition key value")
            }
            model = ReportModel(inputs, context: shown, hotKeys: hotKeys)
            written = try MigrationReport.publish(model, format: format, to: out.map { URL(fileURLWithPath: $0) } ?? reader.defaultOut)
        } catch let f as ReportFailure {
            throw CommandFailure(f.unreachable ? .unreachable : .input, f.description)
        }
        let paths = written.map { context.display($0.path) }
        progress.step("wrote \(paths.joined(separator: ", "))")
        guard case .object(var document) = try Value.json(try MigrationReport.render(model, format: .json)[0].data) else {
            throw CommandFailure(.input, "report.json is not a JSON object")
        }
        document["written"] = .array(paths.map { .string($0) })
        return ToolResult(summary: (paths + model.summary).joined(separator: "\n"), structured: .object(document))
    }
}
