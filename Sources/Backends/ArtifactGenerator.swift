import Foundation
import MigrationIR
import MigrationTarget

/// `generate`: lowers a checked IR to every artifact of a migration directory. Pure: it
/// returns the files; the caller publishes them atomically. The same inputs give the same bytes.
public enum ArtifactGenerator {
    public struct Options: Sendable {
        public var dialect: SQLDialect
        public var config: MigrationConfig
        public init(dialect: SQLDialect = .mysql8, config: MigrationConfig = .placeholder) {
            self.dialect = dialect; self.config = config
        }
    }

    /// Two tables whose generated scripts would have one file name, or whose alarms one name.
    public struct ScriptNameConflict: Error, CustomStringConvertible {
        public var description: String
    }

    /// The artifacts are built in four independent groups (views, Glue scripts, IAM policies,
    /// documents), run on every core (`Concurrently`) beside the encoding of the manifest's jobs
    /// and tables (which do not depend on the artifacts), and merged in that order; then the rest
    /// of the manifest, which lists the artifacts. `phaseDone`, when given, is called with a
    /// phase's name as each task is finished (`ddbm-bench compiler` times the gaps between
    /// calls); the tasks then run one after another, so that each gap is one task's cost alone.
    /// It changes nothing written.
    ///
    /// With `staging`, every artifact is written into it (not published): the others while the
    /// rest of the manifest is encoded, in pieces, so that the core that encoded it then writes
    /// too; then the manifest.
    public static func generate(_ ir: MigrationIR, contractFile: String, contractBytes: [UInt8],
                                options: Options, phaseDone: ((String) -> Void)? = nil,
                                writingInto staging: AtomicDirectoryWriter.Staging? = nil) throws -> ArtifactSet {
        let c = options.config
        try checkScriptNames(ir)
        // What several groups need, made once, on both cores: each table's spec (both scripts
        // embed its text and the manifest the document), and the contract's digest with each
        // table's alarms (for the runbooks' context).
        let (specs, (hash, alarms)) = try Concurrently.both(alone: phaseDone != nil, {
            ir.tables.map { GlueJobLowering.spec(for: $0) }
        }, {
            (SHA256Hex.of(contractBytes), RunbookLowering.alarms(ir, config: c))
        })
        try checkAlarmNames(alarms)
        phaseDone?("job specs and alarms")

        let targets = Manifest.Targets(
            config: c, tables: ir.tables.map { targetTable($0, config: c) },
            jobSpecs: Dictionary(uniqueKeysWithValues: zip(ir.tables.map(\.name), specs)),
            jobArguments: { GlueJobLowering.defaultArguments(table: $0, config: c) },
            validationArguments: { GlueJobLowering.validationArguments(table: $0, config: c) })
        // Each group hashes its own files for the manifest, on its own thread. No two groups
        // write one path (views.sql, glue/, iam/, docs/), so the merge order changes nothing;
        // they are merged in this order all the same. The manifest's jobs and tables are encoded
        // as they will stand in it, one level deep (`ManifestEncoder.renderBytes(_:splicing:)`).
        let tasks: [(phase: String, run: () throws -> Built)] = [
            ("views.sql", { .files(views(ir, dialect: options.dialect, contractFile: contractFile, contractHash: hash)) }),
            ("glue jobs", { .files(try glueJobs(ir, specs: specs, contractHash: hash)) }),
            ("iam", { .files(iam(ir, config: c)) }),
            ("docs and runbooks", { .files(try documents(ir, config: c, alarms: alarms, contractFile: contractFile, contractHash: hash)) }),
            ("manifest: jobs", { .member("jobs", try ManifestEncoder.renderBytes(targets.jobs, depth: 1)) }),
            ("manifest: tables", { .member("tables", try ManifestEncoder.renderBytes(targets.tables, depth: 1)) }),
        ]
        func run(_ task: Int) throws -> Built {
            var built = try tasks[task].run()
            if case .files(var files) = built { files.computeDigests(); built = .files(files) }
            return built
        }
        var built = [Built?](repeating: nil, count: tasks.count)
        if let phaseDone {
            for task in tasks.indices {
                built[task] = try run(task)
                phaseDone(tasks[task].phase)
            }
        } else {
            // Started longest first (for 1,000 tables, hashing included: documents 0.12 s,
            // views 0.09 s, the jobs' text 0.05 s, Glue scripts 0.03 s, the tables' text 0.02 s,
            // IAM 0.003 s), so that the two cores finish at about the same time: in list order,
            // with the documents and the (since dropped) alarm files one group, one core sat
            // idle for a fifth of the groups' time, and the manifest encoded whole after them
            // was a tenth of the run on one core.
            let start = [3, 0, 4, 1, 5, 2]
            let done = try Concurrently.map(start.count) { try run(start[$0]) }
            for (slot, result) in zip(start, done) { built[slot] = result }
        }
        var set = ArtifactSet()
        var members: [String: [UInt8]] = [:]
        for result in built {
            switch result! {
            case .files(let files): set.add(contentsOf: files)
            case .member(let name, let text): members[name] = text
            }
        }

        let manifest = Manifest(config: c, contractFile: contractFile, contractSHA256: hash, dialect: options.dialect,
                                artifacts: set, targets: targets)
        let encoded: Data
        if let staging {
            // Index 0, the manifest, is taken first; the other core takes the pieces in order,
            // and the first joins it when the manifest is done.
            let pieces = try staging.plan(set, pieces: 16)
            let done = try Concurrently.map(1 + pieces.count) { i -> Data? in
                if i == 0 { return Data(try ManifestEncoder.renderBytes(manifest, splicing: members)) }
                try staging.write(pieces[i - 1])
                return nil
            }
            encoded = done[0]!
            var last = ArtifactSet()
            last.add("manifest.json", data: encoded)
            try staging.write(last)
        } else {
            encoded = Data(try ManifestEncoder.renderBytes(manifest, splicing: members))
        }
        set.add("manifest.json", data: encoded)
        phaseDone?("manifest")
        return set
    }

    /// What a task of the groups' phase makes: a group's files, or a member of the manifest
    /// encoded as it stands in it.
    private enum Built {
        case files(ArtifactSet)
        case member(String, [UInt8])
    }

    private static func views(_ ir: MigrationIR, dialect: SQLDialect, contractFile: String, contractHash: String) -> ArtifactSet {
        let header = """
        -- Generated by ddb-migrate from \(sqlCommentSafe(contractFile)) (sha256 \(contractHash)).
        -- Dialect \(dialect.rawValue). One view per DynamoDB table; do not edit: change the contract and regenerate.
        """
        var set = ArtifactSet()
        set.add("views.sql", ViewLowering.render(ir, dialect: dialect, header: header))
        return set
    }

    /// A table named validate_X next to X, or ddbm_core / ddbm_validate, would share a script
    /// file (and S3 object) with another; refuse rather than let one overwrite the other.
    private static func checkScriptNames(_ ir: MigrationIR) throws {
        var scripts: [String: String] = [:]
        for t in ir.tables {
            for path in [GlueJobLowering.scriptPath(table: t.name), GlueJobLowering.validationScriptPath(table: t.name)] {
                if let other = scripts.updateValue(t.name, forKey: path) {
                    throw ScriptNameConflict(description: "tables \(other) and \(t.name) would both be generated as \(path): rename one of them")
                }
            }
        }
        for module in [GlueJobLowering.coreModule, GlueJobLowering.validationModule] where scripts["glue/" + module] != nil {
            throw ScriptNameConflict(description: "table \(scripts["glue/" + module]!) would be generated as glue/\(module), the job's own module: rename it")
        }
    }

    private static func glueJobs(_ ir: MigrationIR, specs: [JSONDocument], contractHash: String) throws -> ArtifactSet {
        let jobTemplate = try template("glue/job.py.mustache")
        let validationTemplate = try template("glue/validate.py.mustache")
        var set = ArtifactSet()
        for (t, spec) in zip(ir.tables, specs) {
            let literal = PythonLiteral.jsonText(spec)
            set.add(GlueJobLowering.scriptPath(table: t.name),
                    try GlueJobLowering.render(t, specLiteral: literal, template: jobTemplate, contractHash: contractHash))
            set.add(GlueJobLowering.validationScriptPath(table: t.name),
                    try GlueJobLowering.renderValidation(t, specLiteral: literal, template: validationTemplate))
        }
        for module in [GlueJobLowering.coreModule, GlueJobLowering.validationModule] {
            set.add("glue/" + module, try TemplateLocator.read("glue/" + module))
        }
        return set
    }

    private static func iam(_ ir: MigrationIR, config c: MigrationConfig) -> ArtifactSet {
        var set = ArtifactSet()
        set.add(IAMPolicies.trustPolicyPath, IAMPolicies.trustPolicy(c).rendered())
        set.add(IAMPolicies.rolePolicyPath(roleName: c.glue.roleName), IAMPolicies.rolePolicy(c, tables: ir.tables.map(\.name),
                                                                                    indexes: Dictionary(uniqueKeysWithValues: ir.tables.map { ($0.name, $0.gsis.map(\.name)) })).rendered())
        return set
    }

    private static func documents(_ ir: MigrationIR, config c: MigrationConfig, alarms: [[AlarmDefinitions.Alarm]],
                                  contractFile: String, contractHash: String) throws -> ArtifactSet {
        var set = ArtifactSet()
        set.add("docs/runbook.md", try DocsLowering.runbook(ir, config: c, contractFile: contractFile, contractHash: contractHash,
                                                        template: try template("docs/runbook.md.mustache")))
        set.add("docs/iam.md", try DocsLowering.iam(ir, config: c, template: try template("docs/iam.md.mustache")))
        // One context for all the runbooks: it holds every table's commands and was the dearest
        // part of generate when each document built its own.
        let runbookContext = RunbookLowering.context(ir, config: c, alarms: alarms)
        for document in RunbookLowering.documents {
            set.add(RunbookLowering.outputPath(document), try template(RunbookLowering.templatePath(document)).render(runbookContext))
        }
        return set
    }

    /// Table names may contain `-`, so table `A-x`'s alarm can have the name of table A's index
    /// `x` alarm, and PutMetricAlarm would replace one with the other: refuse instead.
    private static func checkAlarmNames(_ alarms: [[AlarmDefinitions.Alarm]]) throws {
        var names = Set<String>()
        for alarm in alarms.joined() where !names.insert(alarm.alarmName).inserted {
            throw ScriptNameConflict(description: "two alarms would both be named \(alarm.alarmName) (a table name with `-` meets another table's index name): rename one of them")
        }
    }

    /// The target table `t` describes, in config `c`'s account and region (its ARN).
    public static func targetTable(_ t: TableIR, config c: MigrationConfig) -> TargetTable {
        func key(_ k: KeyAttributeIR) -> TargetTable.Attribute { .init(name: k.name, type: k.type.rawValue) }
        return TargetTable(
            name: t.name, arn: c.tableARN(t.name), view: t.viewName, writeMode: t.write.mode.rawValue,
            partitionKey: key(t.pk), sortKey: t.sk.map(key),
            attributes: t.columns.map { .init(name: $0.name, type: $0.type.rawValue) },
            globalSecondaryIndexes: t.gsis.map {
                .init(name: $0.name, partitionKey: key($0.pk), sortKey: $0.sk.map(key), projection: $0.projection.rawValue,
                      projectedAttributes: $0.projectedAttributes)
            })
    }

    /// A template under templates/, parsed (a template outside the subset throws `TemplateError`).
    private static func template(_ path: String) throws -> TextTemplate {
        try TextTemplate(try TemplateLocator.read(path), name: "templates/" + path)
    }

    /// A file name inside an SQL line comment: no newline can end the comment early.
    private static func sqlCommentSafe(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
    }
}
