import Foundation

/// A partition key value and how many of the table's items carry it (from the view, `--mysql`).
public struct HotKey: Sendable, Equatable {
    public var value: String
    public var items: Int
    public init(value: String, items: Int) { self.value = value; self.items = items }
}

/// The report's recommendations, each computed from measured figures (docs/REPORT.md,
/// "Recommendations"); a rule that has nothing to say about a table says nothing.
enum Recommendations {
    /// DynamoDB serves at most 1,000 WCU per second per partition
    /// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html).
    static let partitionWCULimit = 1_000.0
    /// DynamoDB's item size limit, 400 KB
    /// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
    static let itemLimitKB = 400
    /// Attribute names that say "this is an expiry time" (the manifest has no TTL setting).
    static let ttlWords = ["ttl", "expire", "expiry", "expiration"]

    static func compute(table t: ReportInputs.Table, figures f: ReportModel.TableFigures, hotKeys: [HotKey]?) -> [ReportModel.Recommendation] {
        var out: [ReportModel.Recommendation] = []
        out.append(capacity(t, f))
        out.append(hot(t, f, hotKeys))
        out += gsiProjections(t)
        out += ttl(t)
        if let o = oversize(t, f) { out.append(o) }
        return out
    }

    /// On-demand vs provisioned for the write rate measured: what this migration cost on
    /// demand against provisioning its peak WCU/s for as long as it ran (billed by the hour).
    static func capacity(_ t: ReportInputs.Table, _ f: ReportModel.TableFigures) -> ReportModel.Recommendation {
        let perItem = max(1, f.writeUnitsPerItem)
        let peakWCU = Int((f.peakItemsPerS * perItem).rounded(.up))
        let meanWCU = f.itemsPerS * perItem
        let onDemand = f.costUSD + f.skippedCostUSDEstimate
        let provisioned = Pricing.provisionedUSD(wcu: max(1, peakWCU), seconds: f.durationS)
        var text = "Writes averaged \(ReportFormat.fixed(meanWCU, 1)) WCU/s and peaked at \(peakWCU) WCU/s "
            + "(\(ReportFormat.fixed(f.peakItemsPerS, 2)) items/s × \(ReportFormat.fixed(perItem, 2)) WCU per item). "
            + "On demand this migration cost \(ReportFormat.usd(onDemand))"
            + (f.skipped > 0 ? " (including an estimated \(ReportFormat.usd(f.skippedCostUSDEstimate)) for conditional writes that were skipped)" : "") + "; "
            + "provisioning \(max(1, peakWCU)) WCU for the \(Int(max(1, (f.durationS / 3600).rounded(.up)))) h it ran would cost \(ReportFormat.usd(provisioned)). "
        if onDemand <= provisioned {
            text += "Recommendation: on-demand capacity for the migration runs."
        } else {
            text += "Recommendation: provisioned capacity of at least \(peakWCU) WCU during the migration runs, on-demand (or lower provisioned capacity) afterwards."
        }
        if f.throttledRetries > 0 {
            text += " \(ReportFormat.count(f.throttledRetries)) writes were throttled and retried: the table's capacity was below the job's write rate."
        }
        return .init(table: t.name, kind: "capacity-mode", text: text)
    }

    /// Items per partition key value against DynamoDB's 1,000 WCU/s per partition. Rows reach
    /// the write partitions hashed by table key, so a PK value receives its share of the table's
    /// write rate.
    static func hot(_ t: ReportInputs.Table, _ f: ReportModel.TableFigures, _ keys: [HotKey]?) -> ReportModel.Recommendation {
        let pk = t.shape.partitionKey.name
        guard let keys else {
            return .init(table: t.name, kind: "hot-partition-keys",
                         text: "Not checked: give --mysql URL to count the view's items per \(pk) value.")
        }
        let total = t.validation?.verdict.measurement.expectedItems ?? f.written
        guard let top = keys.first, total > 0 else {
            return .init(table: t.name, kind: "hot-partition-keys", text: "The view has no items.")
        }
        let perItem = max(1, f.writeUnitsPerItem)
        let share = Double(top.items) / Double(total)
        let received = f.peakItemsPerS * perItem * share
        let limitAt = partitionWCULimit / share
        let listed = keys.map { "\($0.value) (\(ReportFormat.count($0.items)))" }.joined(separator: ", ")
        var text = "Top \(pk) values by items: \(listed). The largest holds \(ReportFormat.fixed(share * 100, 1)) % of the \(ReportFormat.count(total)) items: "
            + "at the measured peak it received \(ReportFormat.fixed(received, 1)) WCU/s of the 1,000 WCU/s a partition serves; "
            + "it reaches that limit when the table is written at \(ReportFormat.count(Int(limitAt.rounded(.down)))) WCU/s."
        text += received >= partitionWCULimit ? " It is a hot key at this rate: spread it (write sharding) or lower the job's write rate." : " No hot key at the measured rate."
        return .init(table: t.name, kind: "hot-partition-keys", text: text)
    }

    static func gsiProjections(_ t: ReportInputs.Table) -> [ReportModel.Recommendation] {
        t.shape.globalSecondaryIndexes.sorted { $0.name < $1.name }.compactMap { g in
            guard g.projection != "KEYS_ONLY" else { return nil }
            let what = g.projection == "INCLUDE" ? "the keys and \(g.projectedAttributes.sorted().joined(separator: ", "))" : "every attribute"
            return .init(table: t.name, kind: "gsi-projection",
                         text: "\(g.name) projects \(g.projection) (\(what)): each item written is written again, that size, to the index. If the queries on \(g.name) need only its keys (then GetItem the item), KEYS_ONLY costs less write capacity and storage.")
        }
    }

    static func ttl(_ t: ReportInputs.Table) -> [ReportModel.Recommendation] {
        t.shape.attributes.filter { a in a.type == "N" && ttlWords.contains { a.name.lowercased().contains($0) } }
            .map(\.name).sorted().map { name in
                .init(table: t.name, kind: "ttl",
                      text: "\(name) looks like an expiry time (a number). The migration does not enable TTL: if it holds epoch seconds, enable it with `aws dynamodb update-time-to-live --table-name \(t.name) --time-to-live-specification Enabled=true,AttributeName=\(name)`.")
            }
    }

    static func oversize(_ t: ReportInputs.Table, _ f: ReportModel.TableFigures) -> ReportModel.Recommendation? {
        let dead = f.deadLetterReasons["item-too-large", default: 0]
        let excluded = t.validation?.verdict.measurement.excludedRows.byReason["item-too-large", default: 0] ?? 0
        guard dead + excluded > 0 else { return nil }
        return .init(table: t.name, kind: "oversize-items",
                     text: "\(ReportFormat.count(max(dead, excluded))) row(s) become items over DynamoDB's \(itemLimitKB) KB limit (\(dead) dead-lettered item-too-large, \(excluded) found by validation). Store the large attributes in S3 with a pointer in the item, or compress them.")
    }
}
