/// What a template renders from: typed values instead of `[String: Any]`, so a lookup is a
/// comparison of names and a `switch`, never a dynamic cast or a `Mirror`.
///
/// The rules below are swift-mustache 2.x's (Template+Render.swift, Sequence.swift), which
/// rendered these templates before; the differential test (TemplateDifferentialTests) holds
/// the two to the same text:
/// - `text` renders as itself, escaped unless the template's content type is TEXT. It is
///   truthy even when empty: `{{#x}}` with `x = ""` renders its body with `""` pushed.
/// - An Int rendered as `String(describing:)`, i.e. its decimal digits, and was truthy like
///   any other non-Bool scalar (0 included): `number(_:)` makes it that `text`.
/// - `flag(true)` renders a section's body once without pushing anything; `flag(false)` and a
///   missing name render nothing, and are the only values (with an empty list) for which an
///   inverted section `{{^x}}` renders. A flag rendered as a variable is `true` / `false`.
/// - `list` renders a section's body once per element, the element pushed; an empty list
///   renders nothing. (swift-mustache pushed the empty list for an inverted section's body:
///   it has no names, so lookups there go on to the enclosing values, as here.)
/// - `object` renders a section's body once with the object pushed.
/// - A list or an object has no text of its own (swift-mustache printed Swift's debug
///   description); `{{x}}` naming one is refused when rendering (`TemplateError`).
public enum TemplateValue: Sendable {
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case object(TemplateObject)

    /// An integer as swift-mustache rendered one: its decimal digits, always truthy.
    public static func number(_ n: Int) -> TemplateValue { .text(String(n)) }

    /// A list of texts (the common case: names, ARNs).
    public static func texts(_ items: [String]) -> TemplateValue { .list(items.map { .text($0) }) }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
}

/// A value with named members (a Mustache "hash"). Members are kept sorted by name and found
/// by binary search: the contexts here have up to ~60 members and are looked up far more
/// often than built; one array of pairs is one allocation per object and one retain per
/// push onto the context stack, and a lookup hashes nothing (a `Dictionary`'s lookups measured
/// ~1.5x these in the 1,000-table generate's profile).
public struct TemplateObject: Sendable {
    /// Sorted by name, each name once.
    public private(set) var members: [(name: String, value: TemplateValue)]

    /// `members` in any order; a name given twice keeps its last value.
    ///
    /// Sorted by name alone: the standard library's sort is stable, so members of one name stay
    /// in the order given and the last one wins below. (Sorting indices by name, then index, made
    /// two string comparisons per step and was 1.5 % of a 1,000-table generate.)
    public init(_ members: [(String, TemplateValue)]) {
        let sorted = members.sorted { $0.0 < $1.0 }
        self.members = []
        self.members.reserveCapacity(sorted.count)
        for (name, value) in sorted {
            if self.members.last?.name == name { self.members[self.members.count - 1].value = value; continue }
            self.members.append((name, value))
        }
    }

    public subscript(name: String) -> TemplateValue? {
        get {
            let i = insertionPoint(name)
            return i < members.count && members[i].name == name ? members[i].value : nil
        }
        set {
            let i = insertionPoint(name)
            let present = i < members.count && members[i].name == name
            switch (present, newValue) {
            case let (true, v?): members[i].value = v
            case (true, nil): members.remove(at: i)
            case let (false, v?): members.insert((name, v), at: i)
            case (false, nil): break
            }
        }
    }

    /// The index of `name`, or where it would be inserted.
    private func insertionPoint(_ name: String) -> Int {
        var lo = 0, hi = members.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if members[mid].name < name { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension TemplateObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TemplateValue)...) { self.init(elements) }
}
