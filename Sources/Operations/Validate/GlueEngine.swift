import AWS
import Backends
import Foundation
import MySQL
import Validation

/// `validate --on glue`: the table's validation job (`glue/validate_<Table>.py`, manifest
/// `jobs[].validation`) measures the table, and this reads its measurement back. With
/// `--dynamodb-endpoint` the job runs on local PySpark through the Glue stand-in, as `run-local`
/// runs the load jobs; otherwise it is started on AWS Glue (StartJobRun, deployed by `deploy`)
/// and its measurement read from `<reports_prefix>validation/<Table>/<job run id>.json`.
struct GlueEngine {
    let directory: GeneratedDirectory
    let services: AWSServices
    let options: ValidationOptions
    /// For a local run only: the stand-in's connections file names the server.
    let mysqlURL: MySQLURL?

    /// The job arguments of one validation run (templates/glue/README.md, "Validation job").
    var runArguments: [String: String] {
        var a = ["--ddbm_seed": String(options.seed), "--ddbm_examples": String(options.examples),
                 "--ddbm_sample": "0", "--ddbm_sample_fraction": "0", "--ddbm_full_compare": "false"]
        switch options.sample {
        case .automatic: break
        case let .count(n): a["--ddbm_sample"] = String(n)
        case let .fraction(f): a["--ddbm_sample_fraction"] = String(f)
        case .full: a["--ddbm_full_compare"] = "true"
        }
        return a
    }

    func measure(table: String, run: String) async throws -> TableMeasurement {
        guard let validation = directory.manifest.jobs.first(where: { $0.table == table })?.validation else {
            throw Validator.Failure(description: "\(directory.url.path)/manifest.json has no validation job for \(table): regenerate the directory with this ddb-migrate",
                                    unreachable: false)
        }
        let data: Data
        if let endpoint = options.dynamoDBEndpoint {
            data = try runLocally(table: table, validation: validation, endpoint: endpoint, run: run)
        } else {
            data = try await runOnGlue(table: table, validation: validation)
        }
        do {
            return try JSONDecoder().decode(TableMeasurement.self, from: data)
        } catch {
            throw Validator.Failure(description: "the measurement of \(table) written by \(validation.script) is not a validation measurement: \(error)",
                                    unreachable: false)
        }
    }

    private func runLocally(table: String, validation: Manifest.Validation, endpoint: URL, run: String) throws -> Data {
        guard let mysqlURL else {
            throw Validator.Failure(description: "a local Glue validation run reads the views over JDBC: give --mysql", unreachable: false)
        }
        let work = options.scratchDirectory.appendingPathComponent("ddbm-validate-\(run)")
        let out = work.appendingPathComponent(table)
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let connections = try LocalGlueProcess.writeConnections(mysql: mysqlURL, glueConnection: directory.manifest.glueConnection, in: work)
            var args = validation.defaultArguments.filter { $0.key.hasPrefix("--ddbm_") }
            for k in ["--ddbm_report_uri", "--ddbm_dead_letter_uri", "--ddbm_metrics_namespace"] { args.removeValue(forKey: k) }
            args.merge(runArguments) { _, new in new }
            let runId = LocalGlueProcess.newJobRunId()
            let log = out.appendingPathComponent("validate.log")
            let status = try LocalGlueProcess(script: directory.url.appendingPathComponent(validation.script), connections: connections,
                                              out: out, dynamoDBEndpoint: endpoint.absoluteString, jobName: validation.name, jobRunId: runId,
                                              jobArguments: args, mysqlPassword: mysqlURL.password).run(log: log)
            let result = out.appendingPathComponent("reports/validation/\(table)/\(runId).json")
            guard status == 0, let data = FileManager.default.contents(atPath: result.path) else {
                throw Validator.Failure(description: "the validation job of \(table) failed (exit \(status)); its log \(log.path) ends:\n" + LocalGlueProcess.tail(log),
                                        unreachable: true)
            }
            return data
        } catch let f as Validator.Failure {
            throw f
        } catch {
            throw Validator.Failure(description: "cannot run the validation job of \(table) locally: \(error)", unreachable: false)
        }
    }

    private func runOnGlue(table: String, validation: Manifest.Validation) async throws -> Data {
        let m = directory.manifest
        do {
            let runId = try await services.glue.startJobRun(name: validation.name, arguments: runArguments)
            var state = try await services.glue.getJobRun(name: validation.name, runId: runId)
            while !state.isFinished {
                try await Task.sleep(nanoseconds: 15_000_000_000)
                state = try await services.glue.getJobRun(name: validation.name, runId: runId)
            }
            guard state.JobRunState == "SUCCEEDED" else {
                throw Validator.Failure(description: "Glue run \(runId) of \(validation.name) ended \(state.JobRunState ?? "?"): \(state.ErrorMessage ?? "no message")",
                                        unreachable: true)
            }
            let key = Validator.measurementKey(reportsPrefix: m.s3.reportsPrefix, table: table, jobRunId: runId)
            return try await services.s3.getObject(bucket: m.s3.bucket, key: key)
        } catch let f as Validator.Failure {
            throw f
        } catch {
            throw Validator.Failure(description: "running the validation job \(validation.name) on Glue: \(error)", unreachable: true)
        }
    }
}
