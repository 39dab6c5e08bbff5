import MigrationIR

/// Joins that read the same row under different names (`parent`, `cat_path`, `anc1` all
/// `X.id = categories.parent_id`) become one join: the view reads that row once. Only joins the
/// schema proves unique are merged — two LEFT JOINs that can match several rows multiply each
/// other's rows, and reading them once would change the result.
enum JoinMerging {
    struct Result {
        /// The joins to emit, in order.
        var joins: [JoinIR]
        /// Dropped relation name → the kept relation that reads the same row.
        var aliases: [String: String]
    }

    static func merge(_ joins: [JoinIR]) -> Result {
        var kept: [JoinIR] = []
        var aliases: [String: String] = [:]
        for j in joins {
            let twin = kept.first { k in
                k.unique && j.unique && k.relation.table == j.relation.table
                    && ExprSQL.render(j.condition, aliases: aliases.merging([j.relation.name: k.relation.name]) { a, _ in a })
                        == ExprSQL.render(k.condition, aliases: aliases)
            }
            if let twin { aliases[j.relation.name] = twin.relation.name } else { kept.append(j) }
        }
        return Result(joins: kept, aliases: aliases)
    }
}
