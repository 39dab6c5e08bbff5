import MigrationIR
import MySQL

/// The compiler's view of each table, reduced to what `Preflight` checks in MySQL.
public enum PreflightTargets {
    public static func from(_ ir: MigrationIR) -> [PreflightTarget] {
        ir.tables.map { t in
            var gsiKeys: [String] = []
            for g in t.gsis { for k in [g.pk.name, g.sk?.name].compactMap({ $0 }) where !gsiKeys.contains(k) { gsiKeys.append(k) } }
            return PreflightTarget(
                table: t.name, view: t.viewName, keyAttributes: [t.pk.name] + (t.sk.map { [$0.name] } ?? []),
                gsiKeyAttributes: gsiKeys,
                attributeTypes: Dictionary(t.columns.map { ($0.name, $0.type.rawValue) }, uniquingKeysWith: { a, _ in a }))
        }
    }
}
