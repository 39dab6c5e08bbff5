import Diagnostics

/// Parses the SQL fragments of a contract (docs/CONTRACT.md §3) into `Expr` trees, so that the tool
/// never pastes contract text into SQL: it resolves the tree's names and renders it again with
/// `SQLPrinter`. Anything that is not a single MySQL expression — `;`, comments, variables,
/// sub-selects, statement keywords, unbalanced parentheses, trailing text — is an error at its
/// exact character in the contract file.
public enum FragmentParser {
    /// Deepest nesting accepted (parentheses, operators, calls). Real fragments need under 10; the
    /// limit keeps hostile input from overflowing the stack here or in later recursive passes.
    public static let maxDepth = 100

    /// The parsed fragment, or nil after emitting one error at the offending character.
    public static func parse(_ s: LocatedString, diagnostics: DiagnosticEngine) -> Fragment? {
        parse(s, diagnostics: diagnostics, memo: nil)
    }

    /// Parses of one contract, by fragment text: a contract repeats its fragments (the same join
    /// condition for every attribute read through that join; about half of the fragments of the
    /// 1,000-table bench contract are repeats). A tree's positions are offsets into its text, so
    /// a tree parsed once serves every occurrence of the same text. Only fragments that parsed
    /// without any diagnostic are kept, so an error or warning is reported at every occurrence.
    public final class Memo {
        var trees: [String: Expr] = [:]
        public init() {}
        public func parse(_ s: LocatedString, diagnostics: DiagnosticEngine) -> Fragment? {
            if let expr = trees[s.value] { return Fragment(source: s, expr: expr) }
            return FragmentParser.parse(s, diagnostics: diagnostics, memo: self)
        }
    }

    private static func parse(_ s: LocatedString, diagnostics: DiagnosticEngine, memo: Memo?) -> Fragment? {
        do {
            let tokens = try FragmentLexer.tokenize(s.value)
            try rejectStatementKeywords(tokens)
            var parser = FragmentSyntaxParser(tokens: tokens)
            let expr = try parser.parseFragment()
            // Only a fragment that calls such a function is walked again to find each call.
            if parser.callsNondeterministic {
                warnNondeterministic(expr, in: s, diagnostics: diagnostics)
            } else {
                memo?.trees[s.value] = expr
            }
            return Fragment(source: s, expr: expr)
        } catch let e as FragmentError {
            diagnostics.error(e.code, e.message, at: s.location(ofScalar: e.offset))
            return nil
        } catch {
            diagnostics.error("fragment-syntax", "\(error)", at: s.location)
            return nil
        }
    }

    /// UNIX_TIMESTAMP(x) of a column is reproducible; without an argument it reads the clock.
    private static func warnNondeterministic(_ expr: Expr, in s: LocatedString, diagnostics: DiagnosticEngine) {
        for node in expr.allNodes {
            guard case let .function(name, args, _, _) = node.kind else { continue }
            let upper = name.uppercased()
            guard FragmentVocabulary.nondeterministicFunctions.contains(upper), !(upper == "UNIX_TIMESTAMP" && !args.isEmpty) else { continue }
            diagnostics.warning("nondeterministic-function", "\(upper)() gives another value on every read of the view",
                                at: s.location(ofScalar: node.start),
                                notes: [Note("a re-run, if-newer and validation compare items with what the view gives again; use a column of the row instead")])
        }
    }

    private static func rejectStatementKeywords(_ tokens: [FragmentToken]) throws {
        for (k, t) in tokens.enumerated() {
            guard let word = t.keyword, FragmentVocabulary.statementKeywords.contains(word) else { continue }
            // After a dot a word can only be a column name: `t.order` is the column "order".
            if k > 0, tokens[k - 1].isSymbol(".") { continue }
            if FragmentVocabulary.keywordFunctions.contains(word), k + 1 < tokens.count, tokens[k + 1].isSymbol("(") { continue }
            if word == "SELECT", k > 0, tokens[k - 1].isSymbol("(") {
                throw FragmentError(code: "fragment-keyword", message: "sub-selects are not allowed in a fragment; use a join or an aggregate calculation",
                                    offset: t.start)
            }
            let text: String
            if case .word(let w) = t.kind { text = w } else { text = word }
            throw FragmentError(code: "fragment-keyword",
                                message: "'\(word)' is an SQL statement keyword; a fragment must be a single expression (if it is a column name, write it in backquotes: `\(text)`)",
                                offset: t.start)
        }
    }
}

/// Recursive descent over MySQL's operator precedence (lowest first): OR, XOR, AND, NOT,
/// comparison/IS/IN/BETWEEN/LIKE, + -, * / DIV MOD %, unary - + !, primary. Every recursion and
/// every node built is counted against `FragmentParser.maxDepth`.
struct FragmentSyntaxParser {
    /// An expression and the height of its tree.
    struct Node {
        var expr: Expr
        var depth: Int
    }

    private let tokens: [FragmentToken]
    private var pos = 0
    private var nesting = 0
    /// Whether some call is to a function of `FragmentVocabulary.nondeterministicFunctions`.
    private(set) var callsNondeterministic = false

    init(tokens: [FragmentToken]) { self.tokens = tokens }

    private var cur: FragmentToken { tokens[min(pos, tokens.count - 1)] }
    private func peek(_ k: Int) -> FragmentToken { tokens[min(pos + k, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> FragmentToken {
        let t = cur
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    private func error(_ message: String, at offset: Int, code: String = "fragment-syntax") -> FragmentError {
        FragmentError(code: code, message: message, offset: offset)
    }

    private func describe(_ t: FragmentToken) -> String {
        switch t.kind {
        case .word(let w): return "'\(w)'"
        case .quotedIdentifier(let w): return "`\(w)`"
        case .string: return "a string literal"
        case .number(let n): return "'\(n)'"
        case .symbol(let s): return "'\(s)'"
        case .end: return "the end of the fragment"
        }
    }

    private mutating func enter(_ offset: Int) throws {
        nesting += 1
        if nesting > FragmentParser.maxDepth {
            throw error("the expression nests deeper than \(FragmentParser.maxDepth) levels", at: offset, code: "fragment-too-deep")
        }
    }

    private mutating func leave() { nesting -= 1 }

    /// A node over children whose tallest is `below` high (0 for a leaf). The height is passed
    /// as a number, not as the children themselves, so making a node allocates nothing but the node.
    private func make(_ kind: Expr.Kind, _ start: Int, _ end: Int, below: Int = 0) throws -> Node {
        let depth = 1 + below
        if depth > FragmentParser.maxDepth {
            throw error("the expression nests deeper than \(FragmentParser.maxDepth) levels", at: start, code: "fragment-too-deep")
        }
        return Node(expr: Expr(kind, start: start, end: end), depth: depth)
    }

    private func binary(_ op: BinaryOperator, _ l: Node, _ r: Node) throws -> Node {
        try make(.binary(op: op, l.expr, r.expr), l.expr.start, r.expr.end, below: max(l.depth, r.depth))
    }

    private mutating func expect(_ symbol: String, closing open: FragmentToken? = nil, what: String? = nil) throws {
        if cur.isSymbol(symbol) { advance(); return }
        if let open, cur.kind == .end {
            throw error("'(' is never closed", at: open.start)
        }
        throw error("expected '\(symbol)'\(what.map { " \($0)" } ?? ""), found \(describe(cur))", at: cur.start)
    }

    private mutating func expectKeyword(_ k: String, context: String) throws {
        guard cur.isKeyword(k) else { throw error("expected \(k) \(context), found \(describe(cur))", at: cur.start) }
        advance()
    }

    // MARK: Entry

    mutating func parseFragment() throws -> Expr {
        if cur.kind == .end { throw error("the SQL expression is empty", at: 0, code: "fragment-empty") }
        let e = try parseOr()
        if cur.kind != .end {
            if cur.isSymbol(")") { throw error("unbalanced ')': there is no '(' for it to close", at: cur.start) }
            throw error("unexpected \(describe(cur)) after the end of the expression", at: cur.start)
        }
        return e.expr
    }

    // MARK: Boolean levels

    private mutating func parseOr() throws -> Node {
        try enter(cur.start)
        defer { leave() }
        var left = try parseXor()
        while cur.isKeyword("OR") {
            advance()
            left = try binary(.or, left, try parseXor())
        }
        return left
    }

    private mutating func parseXor() throws -> Node {
        var left = try parseAnd()
        while cur.isKeyword("XOR") {
            advance()
            left = try binary(.xor, left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws -> Node {
        var left = try parseNot()
        while cur.isKeyword("AND") || cur.isSymbol("&&") {
            advance()
            left = try binary(.and, left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws -> Node {
        guard cur.isKeyword("NOT") else { return try parsePredicate() }
        let t = advance()
        try enter(t.start)
        defer { leave() }
        let operand = try parseNot()
        return try make(.unary(op: .not, operand.expr), t.start, operand.expr.end, below: operand.depth)
    }

    // MARK: Predicates

    /// MySQL's spellings of the comparison operators (both of `<>` and `!=`).
    private static let comparisons: [String: BinaryOperator] = [
        "=": .equal, "<>": .notEqual, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
        "<=>": .nullSafeEqual,
    ]

    private mutating func parsePredicate() throws -> Node {
        var left = try parseAdditive()
        while true {
            if case .symbol(let s) = cur.kind, let op = Self.comparisons[s] {
                advance()
                left = try binary(op, left, try parseAdditive())
                continue
            }
            if cur.isKeyword("IS") {
                advance()
                var negated = false
                if cur.isKeyword("NOT") { advance(); negated = true }
                let t = advance()
                switch t.keyword {
                case "NULL", "UNKNOWN":
                    left = try make(.isNull(left.expr, negated: negated), left.expr.start, t.end, below: left.depth)
                case "TRUE", "FALSE":
                    let op: UnaryOperator = t.keyword == "TRUE" ? (negated ? .isNotTrue : .isTrue) : (negated ? .isNotFalse : .isFalse)
                    left = try make(.unary(op: op, left.expr), left.expr.start, t.end, below: left.depth)
                default:
                    throw error("expected NULL, TRUE or FALSE after IS\(negated ? " NOT" : ""), found \(describe(t))", at: t.start)
                }
                continue
            }
            var negated = false
            if cur.isKeyword("NOT"), let next = peek(1).keyword, ["IN", "BETWEEN", "LIKE"].contains(next) {
                advance()
                negated = true
            }
            if cur.isKeyword("IN") {
                advance()
                left = try parseInList(left, negated: negated)
            } else if cur.isKeyword("BETWEEN") {
                advance()
                let low = try parseAdditive()
                try expectKeyword("AND", context: "between the bounds of BETWEEN")
                let high = try parseAdditive()
                left = try make(.between(left.expr, low: low.expr, high: high.expr, negated: negated), left.expr.start, high.expr.end,
                                below: max(left.depth, low.depth, high.depth))
            } else if cur.isKeyword("LIKE") {
                advance()
                let pattern = try parseAdditive()
                if cur.isKeyword("ESCAPE") { throw error("LIKE ... ESCAPE is not supported; the escape character is '\\'", at: cur.start) }
                left = try make(.like(left.expr, pattern: pattern.expr, negated: negated), left.expr.start, pattern.expr.end,
                                below: max(left.depth, pattern.depth))
            } else {
                return left
            }
        }
    }

    private mutating func parseInList(_ left: Node, negated: Bool) throws -> Node {
        let open = cur
        try expect("(", what: "after IN")
        try enter(open.start)
        defer { leave() }
        if cur.isSymbol(")") { throw error("IN needs at least one value", at: cur.start) }
        var items: [Expr] = []
        var below = left.depth
        repeat {
            if !items.isEmpty { advance() }
            let item = try parseOr()
            items.append(item.expr)
            below = max(below, item.depth)
        } while cur.isSymbol(",")
        let close = cur
        try expect(")", closing: open)
        return try make(.inList(left.expr, items, negated: negated), left.expr.start, close.end, below: below)
    }

    // MARK: Arithmetic

    private mutating func parseAdditive() throws -> Node {
        var left = try parseMultiplicative()
        while cur.isSymbol("+") || cur.isSymbol("-") {
            let op: BinaryOperator = advance().isSymbol("+") ? .add : .subtract
            left = try binary(op, left, try parseMultiplicative())
        }
        return left
    }

    private mutating func parseMultiplicative() throws -> Node {
        var left = try parseUnary()
        while true {
            let op: BinaryOperator
            if cur.isSymbol("*") { op = .multiply } else if cur.isSymbol("/") { op = .divide } else if cur.isSymbol("%") || cur.isKeyword("MOD") {
                op = .modulo
            } else if cur.isKeyword("DIV") { op = .integerDivide } else { return left }
            advance()
            left = try binary(op, left, try parseUnary())
        }
    }

    private mutating func parseUnary() throws -> Node {
        guard cur.isSymbol("-") || cur.isSymbol("+") || cur.isSymbol("!") else { return try parsePrimary() }
        let t = advance()
        try enter(t.start)
        defer { leave() }
        let operand = try parseUnary()
        let op: UnaryOperator = t.isSymbol("!") ? .not : (t.isSymbol("-") ? .negate : .plus)
        return try make(.unary(op: op, operand.expr), t.start, operand.expr.end, below: operand.depth)
    }

    // MARK: Primaries

    private mutating func parsePrimary() throws -> Node {
        let t = cur
        switch t.kind {
        case .number(let n):
            advance()
            return try make(.number(n), t.start, t.end)
        case .string(let s):
            advance()
            return try make(.string(s), t.start, t.end)
        case .quotedIdentifier(let name):
            if peek(1).isSymbol("(") {
                throw error("a function name must be a plain name, not a backquoted identifier", at: t.start)
            }
            advance()
            return try parseColumn(first: name, start: t)
        case .symbol("("):
            advance()
            try enter(t.start)
            defer { leave() }
            let inner = try parseOr()
            if cur.isSymbol(",") { throw error("row constructors ('(a, b)') are not supported", at: cur.start) }
            try expect(")", closing: t)
            return inner
        case .word(let w):
            return try parseWord(w, t)
        case .end:
            throw error("unexpected end of the fragment, expected an expression", at: t.start)
        default:
            throw error("expected an expression, found \(describe(t))", at: t.start)
        }
    }

    private mutating func parseWord(_ word: String, _ t: FragmentToken) throws -> Node {
        let upper = t.keyword ?? word.uppercased()
        switch upper {
        case "NULL":
            advance()
            return try make(.null, t.start, t.end)
        case "TRUE", "FALSE":
            advance()
            return try make(.boolean(upper == "TRUE"), t.start, t.end)
        case "CASE":
            return try parseCase()
        case "INTERVAL":
            return try parseInterval()
        case "EXISTS":
            throw error("EXISTS needs a sub-select, and sub-selects are not allowed in a fragment", at: t.start, code: "fragment-keyword")
        case "CAST" where peek(1).isSymbol("("), "CONVERT" where peek(1).isSymbol("("):
            return try parseCast(upper, t)
        default:
            break
        }
        // MOD is both an operator and a function: `MOD(a, b)`.
        if FragmentVocabulary.reserved.contains(upper), !(upper == "MOD" && peek(1).isSymbol("(")) {
            throw error("expected an expression, found the keyword \(upper)", at: t.start)
        }
        advance()
        if cur.isSymbol("(") { return try parseCall(upper, t) }
        // `CURRENT_TIMESTAMP` without parentheses is a call, not a column.
        if FragmentVocabulary.niladicFunctions.contains(upper) {
            noteCall(upper)
            return try make(.function(name: upper, args: [], distinct: false, star: false), t.start, t.end)
        }
        return try parseColumn(first: word, start: t)
    }

    /// `name` or `rel.name` (either part plain or backquoted).
    private mutating func parseColumn(first: String, start: FragmentToken) throws -> Node {
        guard cur.isSymbol(".") else { return try make(.column(qualifier: nil, name: first), start.start, start.end) }
        advance()
        let t = advance()
        let name: String
        switch t.kind {
        case .word(let w), .quotedIdentifier(let w): name = w
        case .symbol("*"): throw error("'\(first).*' selects every column; name one column", at: t.start)
        default: throw error("expected a column name after '\(first).', found \(describe(t))", at: t.start)
        }
        if cur.isSymbol(".") {
            throw error("three-part names (database.table.column) are not supported; use relation.column", at: cur.start)
        }
        if cur.isSymbol("(") {
            throw error("qualified function names are not supported", at: cur.start)
        }
        return try make(.column(qualifier: first, name: name), start.start, t.end)
    }

    private mutating func parseCall(_ name: String, _ nameToken: FragmentToken) throws -> Node {
        if FragmentVocabulary.forbiddenFunctions.contains(name) {
            throw error("\(name)() is not allowed in a fragment: it has side effects or stalls the server", at: nameToken.start,
                        code: "fragment-function")
        }
        guard FragmentVocabulary.isBareName(name) else {
            throw error("a function name must be ASCII letters, digits and '_'", at: nameToken.start)
        }
        noteCall(name)
        let open = advance()
        try enter(open.start)
        defer { leave() }
        let isAggregate = FragmentVocabulary.aggregateFunctions.contains(name)
        if cur.isSymbol("*") {
            guard name == "COUNT" else { throw error("'*' is only allowed in COUNT(*)", at: cur.start) }
            advance()
            let close = cur
            try expect(")", closing: open, what: "after COUNT(*")
            return try make(.function(name: name, args: [], distinct: false, star: true), nameToken.start, close.end)
        }
        var distinct = false
        if cur.isKeyword("DISTINCT") {
            guard isAggregate else { throw error("DISTINCT is only allowed in COUNT, SUM, AVG, MIN and MAX", at: cur.start) }
            advance()
            distinct = true
        }
        var args: [Expr] = []
        var below = 0
        if !cur.isSymbol(")") || distinct {
            repeat {
                if !args.isEmpty { advance() }
                let arg = try parseOr()
                args.append(arg.expr)
                below = max(below, arg.depth)
            } while cur.isSymbol(",")
        }
        let close = cur
        try expect(")", closing: open, what: "to close the arguments of \(name)")
        return try make(.function(name: name, args: args, distinct: distinct, star: false), nameToken.start, close.end, below: below)
    }

    private mutating func noteCall(_ name: String) {
        if FragmentVocabulary.nondeterministicFunctions.contains(name) { callsNondeterministic = true }
    }

    /// `CAST(x AS type)` and `CONVERT(x, type)`; the type is checked against a closed list and
    /// normalised (`decimal( 10 , 2 )` → `DECIMAL(10,2)`, `SIGNED INTEGER` → `SIGNED`).
    private mutating func parseCast(_ name: String, _ nameToken: FragmentToken) throws -> Node {
        advance()
        let open = advance()
        try enter(open.start)
        defer { leave() }
        let value = try parseOr()
        if name == "CAST" {
            try expectKeyword("AS", context: "in CAST(value AS type)")
        } else {
            if cur.isKeyword("USING") { throw error("CONVERT(... USING charset) is not supported", at: cur.start) }
            try expect(",", what: "in CONVERT(value, type)")
        }
        let typeToken = advance()
        guard let typeName = typeToken.keyword, let arity = FragmentVocabulary.castTypes[typeName] else {
            let valid = FragmentVocabulary.castTypes.keys.sorted().joined(separator: ", ")
            throw error("expected a cast type (\(valid)), found \(describe(typeToken))", at: typeToken.start)
        }
        var type = typeName
        if (typeName == "SIGNED" || typeName == "UNSIGNED"), cur.isKeyword("INTEGER") || cur.isKeyword("INT") { advance() }
        if cur.isSymbol("(") {
            guard arity > 0 else { throw error("\(typeName) takes no length", at: cur.start) }
            let lengthOpen = advance()
            var numbers: [String] = []
            repeat {
                if !numbers.isEmpty { advance() }
                guard case .number(let n) = cur.kind, n.unicodeScalars.allSatisfy(FragmentLexer.isDigit) else {
                    throw error("expected a whole number in the length of \(typeName), found \(describe(cur))", at: cur.start)
                }
                numbers.append(n)
                advance()
            } while cur.isSymbol(",") && numbers.count < arity
            try expect(")", closing: lengthOpen)
            type += "(" + numbers.joined(separator: ",") + ")"
        }
        let close = cur
        try expect(")", closing: open, what: "to close \(name)(")
        return try make(.cast(value.expr, type: type), nameToken.start, close.end, below: value.depth)
    }

    private mutating func parseCase() throws -> Node {
        let start = advance()
        try enter(start.start)
        defer { leave() }
        var below = 0
        var operand: Node?
        if !cur.isKeyword("WHEN") {
            let o = try parseOr()
            operand = o
            below = o.depth
        }
        var arms: [Expr.CaseArm] = []
        while cur.isKeyword("WHEN") {
            advance()
            let when = try parseOr()
            try expectKeyword("THEN", context: "after the WHEN condition")
            let then = try parseOr()
            arms.append(Expr.CaseArm(when: when.expr, then: then.expr))
            below = max(below, when.depth, then.depth)
        }
        if arms.isEmpty { throw error("CASE needs at least one WHEN ... THEN ...", at: cur.start) }
        var elseValue: Node?
        if cur.isKeyword("ELSE") {
            advance()
            let e = try parseOr()
            elseValue = e
            below = max(below, e.depth)
        }
        let end = cur
        if end.kind == .end { throw error("CASE is never closed with END", at: start.start) }
        try expectKeyword("END", context: "to close CASE")
        return try make(.caseWhen(operand: operand?.expr, arms: arms, elseValue: elseValue?.expr), start.start, end.end, below: below)
    }

    private mutating func parseInterval() throws -> Node {
        let start = advance()
        try enter(start.start)
        defer { leave() }
        let amount = try parseAdditive()
        let unitToken = advance()
        guard let unit = unitToken.keyword, FragmentVocabulary.intervalUnits.contains(unit) else {
            throw error("expected an interval unit (SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR, ...), found \(describe(unitToken))",
                        at: unitToken.start)
        }
        return try make(.interval(amount.expr, unit: unit), start.start, unitToken.end, below: amount.depth)
    }
}
