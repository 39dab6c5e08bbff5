// swift-tools-version:6.0
// ddb-migrate: a compiler for MySQL -> DynamoDB migrations. One module per layer (see docs/ARCHITECTURE.md).
import PackageDescription

let package = Package(
    name: "ddb-migrate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ddb-migrate", targets: ["ddb-migrate"]),
        .executable(name: "ddbm-bench", targets: ["ddbm-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Tests only: TemplateDifferentialTests renders templates/ with it and with Backends' own
        // TextTemplate, which replaced it in the build (docs/COMPILER-SPEED.md, "Round 3: templates").
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // `ddb-migrate mcp`: the Model Context Protocol server (stdio transport).
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        // FileDescriptor for the stdio transport's output (swift-sdk depends on it too).
        .package(url: "https://github.com/apple/swift-system.git", from: "1.0.0"),
    ],
    targets: [
        // Positions, diagnostics and their text/JSON renderers. Depends on nothing.
        .target(name: "Diagnostics"),
        // Contract JSON -> AST with source locations; the SQL-fragment parser and printer.
        .target(name: "ContractSyntax", dependencies: ["Diagnostics", "SQLText"]),
        // How MySQL text spells a name (`SQLIdentifier`): the one identifier-quoting policy of the
        // fragment printer, the view lowering, the client and the commands. Depends on nothing.
        .target(name: "SQLText"),
        // The schema snapshot (schema.json) that `introspect` writes and `check --schema` reads.
        .target(name: "SourceSchema"),
        // What every layer knows of the AWS side: ARNs with the partition of a region, and a
        // DynamoDB target table's shape (the manifest's `tables[]`, preflight's input). Depends on nothing.
        .target(name: "MigrationTarget"),
        // Name resolution, scopes, types and key checks: AST -> typed IR.
        .target(name: "MigrationIR", dependencies: ["ContractSyntax", "Diagnostics", "SourceSchema"]),
        // Lowerings of the IR to artifacts: views.sql, Glue jobs, IAM, manifest, docs.
        .target(name: "Backends", dependencies: [
            "MigrationIR", "ContractSyntax", "Diagnostics", "MigrationTarget", "SQLText",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // libmariadb, linked through pkg-config (Debian libmariadb-dev).
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        // A thin MySQL/MariaDB client: connect by URL, query, introspect.
        .target(name: "MySQL", dependencies: ["CMariaDB", "SourceSchema", "MigrationTarget", "SQLText"]),
        // SigV4, the credential chain, transports and small service clients.
        .target(name: "AWS", dependencies: ["MigrationTarget", .product(name: "Crypto", package: "swift-crypto")]),
        // `validate`'s pure parts: the expected item of a view row (CONTRACT.md §5), type-aware
        // comparison, canonical keys and sampling, and disk-bounded key reconciliation.
        .target(name: "Validation", dependencies: [
            "AWS", "MySQL",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The operational commands: apply-views, preflight, run-local, plan, deploy, status, validate.
        .target(name: "Operations", dependencies: [
            "MigrationIR", "Backends", "MySQL", "AWS", "Diagnostics", "ContractSyntax", "SourceSchema", "Validation", "MigrationTarget",
            "SQLText",
        ]),
        // `ddb-migrate mcp`: the tools over the Model Context Protocol (schemas, argument checks,
        // path containment under --root, result encoding, the secret scan). Above Operations.
        .target(name: "MCPServer", dependencies: [
            "Operations", "Backends", "MySQL", "AWS", "Diagnostics", "Validation", "MigrationTarget",
            .product(name: "MCP", package: "swift-sdk"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // The CLI: argument handling only.
        .executableTarget(name: "ddb-migrate", dependencies: [
            "Operations", "MCPServer", "Backends", "MigrationIR", "ContractSyntax", "Diagnostics", "SourceSchema", "MySQL", "AWS", "Validation",
            "MigrationTarget",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `make bench`: view read costs at scale, partitioned reads, generate speed (scripts/bench.sh).
        .executableTarget(name: "ddbm-bench", dependencies: [
            "MySQL", "Validation", "ContractSyntax", "MigrationIR", "Backends", "Diagnostics", "SQLText",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // What several test targets share: the process runner, the Python script runner and a seeded generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"]),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
        .testTarget(name: "ContractSyntaxTests", dependencies: ["ContractSyntax", "Diagnostics", "SQLText", "TestSupport"]),
        .testTarget(name: "MigrationIRTests", dependencies: ["MigrationIR", "ContractSyntax", "Diagnostics", "SourceSchema"]),
        .testTarget(name: "BackendsTests", dependencies: [
            "Backends", "MigrationIR", "ContractSyntax", "Diagnostics", "MigrationTarget", "SQLText", "TestSupport",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .testTarget(name: "MySQLTests", dependencies: ["MySQL", "SourceSchema", "MigrationTarget", "SQLText"]),
        .testTarget(name: "AWSTests", dependencies: ["AWS", "TestSupport", "MigrationTarget"], exclude: ["Vectors", "Support"]),
        .testTarget(name: "ValidationTests", dependencies: ["Validation", "AWS", "MySQL", "TestSupport"], exclude: ["Support"]),
        .testTarget(name: "MCPServerTests", dependencies: [
            "MCPServer", "Operations",
            .product(name: "MCP", package: "swift-sdk"),
        ]),
        .testTarget(name: "OperationsTests", dependencies: ["Operations", "Backends", "MigrationIR", "MySQL", "AWS", "ContractSyntax", "Diagnostics", "Validation", "MigrationTarget", "SQLText", "TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
