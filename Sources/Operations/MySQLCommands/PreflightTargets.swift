import MigrationIR
import MySQL

/// The compiler's view of each table, reduced to what `Preflight` checks in MySQL.
public enum PreflightTargets {
    public static func from(_ ir: MigrationIR) -> [PreflightTarget] {
        ir.tables.map { t in
            PreflightTarget(
                table: t.name, view: t.viewName, keyAttributes: [t.pk.name] + (t.sk.map { [$0.name] } ?? []),
                gsiKeyAttributes: t.gsiKeyNames,
                attributeTypes: Dictionary(t.columns.map { ($0.name, $0.type.rawValue) }, uniquingKeysWith: { a, _ in a }))
        }
    }
}
