import ContractSyntax
import Diagnostics

/// Transformations of docs/CONTRACT.md §4.3.
extension BranchBuilder {
    /// `input` is only evaluated by the transformations that read a value (date-format,
    /// number-format, json-parse), so a string-format with placeholders needs no source_column.
    func transformation(_ t: TransformationDecl, attribute d: AttributeDecl, type: DynamoType, relation rel: RelationIR,
                        input: () -> ValueIR?) -> ValueIR? {
        guard let kind = t.kind?.value else { return nil }
        switch kind {
        case .stringFormat, .template:
            let key = kind == .template ? "template" : "format"
            guard let f = required(kind == .template ? (t.template ?? t.format) : t.format, key, of: "a \(kind.rawValue) transformation", at: t.location),
                  let parts = TemplateParser.parse(f, diagnostics: diagnostics) else { failed = true; return nil }
            var out: [TemplatePartIR] = []
            for p in parts {
                switch p {
                case let .literal(s): out.append(.literal(s))
                case let .placeholder(text, fragment):
                    _ = text
                    guard let e = resolver.resolve(fragment, in: scope, defaultRelation: rel) else { failed = true; return nil }
                    out.append(.value(.expr(e)))
                }
            }
            if out.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
                return .text(out.map { if case let .literal(s) = $0 { return s } else { return "" } }.joined())
            }
            return .template(out)
        case .static:
            guard let v = required(t.value, "value", of: "a static transformation", at: t.location) else { return nil }
            return .text(v.value)
        case .dateFormat:
            guard let f = required(t.format, "format", of: "a date-format transformation", at: t.location),
                  let tokens = DateFormatParser.parse(f, diagnostics: diagnostics) else { failed = true; return nil }
            guard let v = input() else { return nil }
            return .dateFormat(v, tokens: tokens, source: t.sourceFormat?.value ?? .timestamp)
        case .numberFormat:
            guard let f = required(t.format, "format", of: "a number-format transformation", at: t.location) else { return nil }
            guard let nf = NumberFormatParser.parse(f) else {
                error("bad-number-format", "number format '\(f.value)' is not supported", at: f.location,
                      notes: [Note("supported: \"0.00\" (fixed decimals) and \"00000000\" (zero-padded integer of that width)")])
                return nil
            }
            guard let v = input() else { return nil }
            return .numberFormat(v, nf)
        case .jsonParse:
            if type != .M && type != .L {
                error("type-mismatch", "json-parse gives a JSON value: the attribute type must be M or L, not \(type.rawValue)",
                      at: d.type?.location ?? t.location)
            }
            guard let v = input() else { return nil }
            return .jsonParse(v)
        }
    }
}

/// Number formats of docs/CONTRACT.md §4.3.
enum NumberFormatParser {
    static func parse(_ f: LocatedString) -> NumberFormatIR? {
        let s = f.value
        if !s.isEmpty, s.allSatisfy({ $0 == "0" }), s.count <= 64 { return .zeroPadded(width: s.count) }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0] == "0", parts[1].allSatisfy({ $0 == "0" }), parts[1].count <= 30 {
            return .fixedDecimals(parts[1].count)
        }
        if s == "0" { return .fixedDecimals(0) }
        return nil
    }
}

/// Date formats of docs/CONTRACT.md §4.3: `YYYY MM DD HH mm ss` tokens, literal text, or `iso8601`.
enum DateFormatParser {
    static func parse(_ f: LocatedString, diagnostics: DiagnosticEngine) -> [DateFormatToken]? {
        if f.value.lowercased() == "iso8601" {
            return [.year, .literal("-"), .month, .literal("-"), .day, .literal("T"), .hour, .literal(":"), .minute,
                    .literal(":"), .second, .literal("Z")]
        }
        let tokens: [(String, DateFormatToken)] = [("YYYY", .year), ("MM", .month), ("DD", .day), ("HH", .hour), ("mm", .minute), ("ss", .second)]
        var out: [DateFormatToken] = []
        var rest = Substring(f.value)
        var sawField = false
        while !rest.isEmpty {
            if let (word, token) = tokens.first(where: { rest.hasPrefix($0.0) }) {
                out.append(token); rest = rest.dropFirst(word.count); sawField = true
                continue
            }
            let c = String(rest.removeFirst())
            if case let .literal(prev)? = out.last { out[out.count - 1] = .literal(prev + c) } else { out.append(.literal(c)) }
        }
        guard sawField else {
            diagnostics.error("bad-date-format", "date format '\(f.value)' has none of the tokens YYYY MM DD HH mm ss", at: f.location,
                              notes: [Note("or use \"iso8601\"")])
            return nil
        }
        return out
    }
}
