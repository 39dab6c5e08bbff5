import Foundation
import SourceSchema

/// The one encoding of `schema.json`: pretty-printed, keys sorted, slashes unescaped, ending
/// with a newline. The same snapshot always gives the same bytes, so a committed schema.json
/// changes in review only when the schema does.
public enum SchemaSnapshotJSON {
    public static func encode(_ snapshot: SchemaSnapshot) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(snapshot)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public static func decode(_ data: Data) throws -> SchemaSnapshot {
        try JSONDecoder().decode(SchemaSnapshot.self, from: data)
    }
}
