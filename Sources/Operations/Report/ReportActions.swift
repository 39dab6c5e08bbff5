/// What to do about each dead-letter reason (templates/glue/README.md lists the job's reasons;
/// `unaddressable` is replay's, docs/REPLAY.md), and the exact replay command.
enum ReportActions {
    static func action(for reason: String) -> String {
        switch reason {
        case "missing-key":
            return "A table key attribute of the row is NULL or empty. Give the row's key columns values (or fix the key template in the contract and regenerate), then replay the run."
        case "invalid-json":
            return "A JSON column (an M or L attribute) holds text that is not valid JSON. Fix the value in the source row, then replay the run."
        case "invalid-value":
            return "A value cannot become its attribute's DynamoDB type (docs/CONTRACT.md section 5; the detail names the attribute). Fix the source value, or the attribute's type in the contract and regenerate, then replay the run."
        case "missing-version":
            return "The table writes if-newer and the row has no version value. Give the row a version, then replay the run."
        case "item-too-large":
            return "The item is over DynamoDB's 400 KB limit. Shrink the row's large attributes (store them in S3 and keep a pointer, or leave them out of the contract and regenerate), then replay the run."
        case "key-collision":
            return "Several rows become the same table key, so none of them was written. Make the key template unique in the contract (and regenerate) or remove the duplicate rows, then replay the run."
        case "retries-exhausted":
            return "DynamoDB kept throttling or failing the write; the row itself is fine. Replay the run when the table has capacity (raise it, or lower --ddbm_max_write_units_per_second)."
        case "write-rejected":
            return "DynamoDB rejected the item (the detail says why). Fix the row, then replay the run."
        case "unaddressable":
            return "The dead letter holds neither a _partition_key nor the table key, so replay cannot find its row. Fix the row, then run the table again in full (--full)."
        default:
            return "See the detail. Fix the row, then replay the run."
        }
    }

    /// `ddb-migrate replay` for one run (docs/REPLAY.md). The MySQL URL (and, for a run-local
    /// folder, the endpoint) stay shell variables: the report never holds a password.
    static func replayCommand(context: ReportModel.Context, table: String, run: String) -> String {
        var words = ["ddb-migrate", "replay", shellQuote(context.directory)]
        if let c = context.config { words += ["--config", shellQuote(c)] }
        words += ["--mysql", "\"$MYSQL_URL\"", "--table", shellQuote(table), "--run", shellQuote(run)]
        if let f = context.runsFolder { words += ["--runs", shellQuote(f), "--dynamodb-endpoint", "\"$DYNAMODB_ENDPOINT\""] }
        return words.joined(separator: " ")
    }

    /// A word the shell takes literally: as is when it holds only safe characters, else in
    /// single quotes (a `'` inside written as `'\''`).
    static func shellQuote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-=:@%+,")
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
