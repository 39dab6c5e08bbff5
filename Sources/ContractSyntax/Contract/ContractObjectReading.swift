import Diagnostics

/// One JSON object of the contract being decoded, with the name a person uses for it in messages
/// ("table", "foreign-key join", ...).
struct ContractObject {
    var members: JSONObjectMembers
    var location: SourceLocation
    var subject: Subject
    /// "the table 'Users'", "the attribute 'PK'": the subject of "is missing required key ...".
    var what: String { subject.text }

    subscript(key: String) -> JSONValue? { members.value(named: key) }
    func has(_ key: String) -> Bool { members.contains(named: key) }
}

/// What a contract object is called in messages, spelled out only when a message needs one:
/// building "the attribute 'amount_text'" for every object made an interpolated `String` per
/// object (tens of thousands for a large contract) that a clean run never prints.
enum Subject {
    /// A fixed phrase: "the contract", "'write'", "the construction".
    case phrase(String)
    /// An element of an array: "the table 'Users'" when it has a name, else "table 3".
    case element(noun: String, name: String?, index: Int)
    /// The join, calculation or transformation of an attribute, with its kind once known: "the
    /// foreign-key join of attribute 'owner'", "the calculation".
    case part(noun: String, kind: String?, attribute: String?)

    /// The same join, calculation or transformation once its kind is known.
    func ofKind(_ kind: String) -> Subject {
        guard case let .part(noun, _, attribute) = self else { return self }
        return .part(noun: noun, kind: kind, attribute: attribute)
    }

    var text: String {
        switch self {
        case .phrase(let s):
            return s
        case let .element(noun, name, index):
            return name.map { "the \(noun) '\($0)'" } ?? "\(noun) \(index + 1)"
        case let .part(noun, kind, attribute):
            // "the self-join join" reads badly: that kind's name is the whole noun.
            let named = kind.map { $0 == JoinKind.selfJoin.rawValue ? "the \($0)" : "the \($0) \(noun)" } ?? "the \(noun)"
            return named + (attribute.map { " of attribute '\($0)'" } ?? "")
        }
    }
}

/// Typed access to contract objects. Every accessor reports a wrong JSON type at the value's
/// location and returns nil, so the decoder can keep going and report everything in one run.
struct ContractReading {
    let diagnostics: DiagnosticEngine

    /// `value` as an object, or an error naming `role` ("each table", "'join'").
    func object(_ value: JSONValue, role: String, subject: Subject) -> ContractObject? {
        guard let members = value.objectMembers else {
            diagnostics.error("wrong-type", "\(role) must be an object, found \(value.typeName)", at: value.location)
            return nil
        }
        return ContractObject(members: members, location: value.location, subject: subject)
    }

    /// Warns about keys outside `allowed`, suggesting the closest valid key with a fix-it. Keys
    /// that are valid in a sibling kind (`null_value` in a foreign-key join) get their own wording.
    /// `meaningfulElsewhere` is computed only when a key is not allowed (almost never).
    func checkKeys(_ o: ContractObject, allowed: [String], meaningfulElsewhere: @autoclosure () -> [String] = []) {
        // The same comparison as the lookups, lengths first (most pairs differ), and no member
        // made for a key that is allowed.
        for position in o.members.indices where !allowed.contains(where: { o.members.key(at: position, is: $0, length: $0.utf8.count) }) {
            let key = o.members.key(at: position)
            if meaningfulElsewhere().contains(key.value) {
                diagnostics.warning("unknown-key", "key '\(key.value)' has no meaning in \(o.what) and is ignored", at: key.location)
                continue
            }
            if let s = DidYouMean.suggestion(for: key.value, at: key.location.advanced(by: 1), among: allowed, wording: .replaceWord) {
                diagnostics.warning("unknown-key", "unknown key '\(key.value)' in \(o.what) is ignored; \(s.question)",
                                    at: key.location, fixIts: s.fixIts)
            } else {
                diagnostics.warning("unknown-key", "unknown key '\(key.value)' in \(o.what) is ignored", at: key.location,
                                    notes: [Note("valid keys here: \(allowed.joined(separator: ", "))")])
            }
        }
    }

    /// Errors for each of `keys` that `o` lacks. `reason` completes "required for ..." in a note;
    /// it is spelled out only for a missing key (an interpolated reason was a `String` made for
    /// every join, calculation and transformation decoded).
    func require(_ o: ContractObject, _ keys: [String], reason: @autoclosure () -> String? = nil, severity: Severity = .error) {
        for key in keys where !o.has(key) {
            let notes = reason().map { [Note("required \($0)")] } ?? []
            diagnostics.emit(Diagnostic(severity, "missing-key", "\(o.what) is missing the required key '\(key)'",
                                        at: o.location, notes: notes))
        }
    }

    private func wrongType(_ key: String, _ expected: String, _ value: JSONValue) {
        diagnostics.error("wrong-type", "'\(key)' must be \(expected), found \(value.typeName)", at: value.location)
    }

    /// A string value; `nullable` keys (`sk`) read JSON null as absent.
    func string(_ o: ContractObject, _ key: String, nullable: Bool = false) -> LocatedString? {
        guard let value = o[key] else { return nil }
        if nullable, value.isNull { return nil }
        guard let s = value.stringValue else {
            wrongType(key, nullable ? "a string or null" : "a string", value)
            return nil
        }
        return s
    }

    func number(_ o: ContractObject, _ key: String) -> Located<Double>? {
        guard let value = o[key] else { return nil }
        guard case .number(_, let d) = value.kind else {
            wrongType(key, "a number", value)
            return nil
        }
        return Located(d, at: value.location)
    }

    func bool(_ o: ContractObject, _ key: String) -> Located<Bool>? {
        guard let value = o[key] else { return nil }
        guard case .bool(let b) = value.kind else {
            wrongType(key, "true or false", value)
            return nil
        }
        return Located(b, at: value.location)
    }

    /// An array of strings; elements of another type are reported one by one and skipped.
    func stringArray(_ o: ContractObject, _ key: String) -> [LocatedString]? {
        guard let value = o[key] else { return nil }
        guard let elements = value.arrayElements else {
            wrongType(key, "an array of strings", value)
            return nil
        }
        return elements.compactMap { element in
            guard let s = element.stringValue else {
                diagnostics.error("wrong-type", "each element of '\(key)' must be a string, found \(element.typeName)", at: element.location)
                return nil
            }
            return s
        }
    }

    /// The elements of an array-valued key (nil and an error when it is not an array).
    func array(_ o: ContractObject, _ key: String, of what: String) -> JSONArrayElements? {
        guard let value = o[key] else { return nil }
        guard let elements = value.arrayElements else {
            wrongType(key, "an array of \(what)", value)
            return nil
        }
        return elements
    }

    /// A string from a closed set, typed; a misspelling gets "did you mean" and a fix-it.
    func enumeration<E: RawRepresentable & CaseIterable>(_ o: ContractObject, _ key: String, _ type: E.Type,
                                                          describing noun: String) -> Located<E>? where E.RawValue == String {
        guard let s = string(o, key) else { return nil }
        return enumeration(s, type, describing: noun)
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ s: LocatedString, _ type: E.Type,
                                                          describing noun: String) -> Located<E>? where E.RawValue == String {
        if let e = E(rawValue: s.value) { return Located(e, at: s.location) }
        // Enumerated words match without regard to ASCII case (docs/SEMANTICS.md, "Enumerated
        // words"): SQL users write `"unit": "DAY"` and `"operation": "count"` as SQL lets them.
        // No two words of one set differ only in case, so this never picks between two.
        if let e = E.allCases.first(where: { Self.asciiCaseInsensitiveEqual($0.rawValue, s.value) }) {
            return Located(e, at: s.location)
        }
        let valid = E.allCases.map(\.rawValue)
        let shown = s.value.count > 60 ? String(s.value.prefix(60)) + "..." : s.value
        if let suggestion = DidYouMean.suggestion(for: s.value, at: s.location.advanced(by: 1), among: valid, wording: .replaceValue) {
            diagnostics.error("invalid-value", "'\(shown)' is not \(noun); \(suggestion.question)", at: s.location, fixIts: suggestion.fixIts)
        } else {
            diagnostics.error("invalid-value", "'\(shown)' is not \(noun)", at: s.location,
                              notes: [Note("valid values: \(valid.joined(separator: ", "))")])
        }
        return nil
    }

    /// ASCII case folding only: `"İ"` or `"ß"` never fold into a keyword.
    static func asciiCaseInsensitiveEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { p, q in
            p == q || (p | 0x20) == (q | 0x20) && (0x61...0x7A).contains(p | 0x20)
        }
    }
}
