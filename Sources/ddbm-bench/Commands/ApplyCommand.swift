import ArgumentParser
import Foundation
import MySQL

/// `ddbm-bench apply VIEWS.sql --mysql URL`: creates the views and reads each in full once
/// (MySQL's ViewApplier, as `ddb-migrate apply-views` does), so a broken view stops the bench
/// before anything is timed.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apply", abstract: "Create and verify the views of a views.sql.")

    @Argument(help: "views.sql to execute.") var views: String
    @Option(help: "mysql://user:pass@host:port/db (or ?socket=/path).") var mysql: String

    func run() throws {
        guard let script = try? String(contentsOfFile: views, encoding: .utf8) else {
            throw BenchExit.failure("\(views): cannot read")
        }
        do {
            let connection = try MySQLConnection(url: try MySQLURL(parsing: mysql))
            for result in try ViewApplier.apply(script, on: connection) {
                switch result.outcome {
                case let .verified(rowCount):
                    print("\(result.view?.description ?? "?"): \(Format.count(rowCount)) rows")
                case let .failed(error):
                    throw BenchExit.failure("\(views):\(result.position): \(error)")
                }
            }
        } catch let error as MySQLError {
            throw BenchExit.database("\(error)")
        } catch let error as MySQLURLError {
            throw ValidationError("--mysql: \(error)")
        }
    }
}
