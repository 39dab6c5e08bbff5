import Backends
import Foundation
import MigrationTarget
import MySQL

/// Connecting to MySQL and running `preflight`, with failures as the CLI reports them.
public enum MySQLAccess {
    /// An unreachable server is `unreachable` with host and port named; a refused login `input`.
    public static func connect(_ url: MySQLURL) throws -> MySQLConnection {
        do { return try MySQLConnection(url: url) } catch let e as MySQLError {
            throw CommandFailure(e.isUnreachable ? .unreachable : .input, e.description)
        }
    }

    /// `MySQL.Preflight.run` over `targets`; throws `CommandFailure`.
    public static func preflight(_ connection: MySQLConnection, targets: [TargetTable]) throws -> [PreflightReport] {
        do { return try Preflight.run(connection, targets: targets) } catch let e as PreflightError {
            throw CommandFailure((e.mysqlError?.isUnreachable ?? false) ? .unreachable : .input, e.description)
        } catch let e as MySQLError {
            throw CommandFailure(e.isUnreachable ? .unreachable : .input, "preflight: \(e)")
        }
    }

    /// The failure `preflight` ends with when a table would lose or collide data; nil when none would.
    public static func blocked(_ reports: [PreflightReport]) -> CommandFailure? {
        let blocked = reports.filter(\.isBlocking)
        if blocked.isEmpty { return nil }
        return CommandFailure(.input, "preflight: \(blocked.count) table\(blocked.count == 1 ? "" : "s") would lose or collide data: \(blocked.map(\.table).joined(separator: ", "))")
    }
}

extension MySQLAccess {
    /// `introspect`'s work: the schema snapshot of the connected database, written atomically to `out`.
    public static func introspect(_ connection: MySQLConnection, to out: String) throws {
        let snapshot: Data
        do { snapshot = try SchemaSnapshotJSON.encode(try Introspector.snapshot(connection)) } catch let e as MySQLError {
            throw CommandFailure(e.isUnreachable ? .unreachable : .input, "introspect: \(e)")
        } catch {
            throw CommandFailure(.input, "introspect: \(error)")
        }
        do { try AtomicFileWriter.write(snapshot, to: URL(fileURLWithPath: out)) } catch {
            throw CommandFailure(.input, "cannot write \(out): \(error)")
        }
    }
}
