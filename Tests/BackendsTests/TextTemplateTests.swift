import XCTest
@testable import Backends

/// The rules of `TextTemplate`, one by one: escaping, standalone lines, sections and inverted
/// sections over every kind of value, name lookup through the context stack, and every refusal
/// with its message. TemplateDifferentialTests holds it to swift-mustache on templates/.
final class TextTemplateTests: XCTestCase {
    func render(_ text: String, _ context: TemplateObject = [:], file: StaticString = #filePath, line: UInt = #line) -> String? {
        do { return try TextTemplate(text, name: "t.mustache").render(context) } catch {
            XCTFail("\(error)", file: file, line: line); return nil
        }
    }

    func refusal(_ text: String, _ context: TemplateObject = [:]) -> String? {
        do { _ = try TextTemplate(text, name: "t.mustache").render(context); return nil } catch let e as TemplateError {
            return e.description
        } catch { return "unexpected \(error)" }
    }

    // MARK: variables and escaping

    func testVariablesEscapeExactlySwiftMustachesSet() {
        let x: TemplateObject = ["x": "<a href=\"q\">it's & more</a>/=`"]
        XCTAssertEqual(render("{{x}}", x), "&lt;a href=&quot;q&quot;&gt;it&#39;s &amp; more&lt;/a&gt;/=`")
        XCTAssertEqual(render("{{{x}}}|{{&x}}|{{& x }}", x), "<a href=\"q\">it's & more</a>/=`|<a href=\"q\">it's & more</a>/=`|<a href=\"q\">it's & more</a>/=`")
        // swift-mustache compares Characters: a `<` carrying a combining mark is another Character.
        XCTAssertEqual(render("{{x}}", ["x": "<\u{301}>é"]), "<\u{301}&gt;é")
    }

    func testTheContentTypePragmaTurnsEscapingOffForTheRestOfItsBody() {
        let x: TemplateObject = ["x": "<b>", "s": true]
        XCTAssertEqual(render("{{x}}{{%CONTENT_TYPE: TEXT}}{{x}}{{%CONTENT_TYPE:HTML}}{{x}}", x), "&lt;b&gt;<b>&lt;b&gt;")
        // Inside a section it lasts to the section's end, as swift-mustache scoped it.
        XCTAssertEqual(render("{{#s}}{{%CONTENT_TYPE: TEXT}}{{x}}{{/s}}{{x}}", x), "<b>&lt;b&gt;")
    }

    func testScalarsRenderAsSwiftMustacheRenderedThem() {
        XCTAssertEqual(render("{{n}} {{z}} {{t}} {{f}} [{{missing}}] [{{e}}]", ["n": .number(42), "z": .number(-7), "t": true, "f": false, "e": ""]),
                       "42 -7 true false [] []")
    }

    func testAListOrAnObjectAsTextIsRefusedWithItsLine() {
        XCTAssertEqual(refusal("a\n b {{l}}", ["l": .texts(["x"])]), "template t.mustache line 2: {{l}}: names a list or an object, which has no text")
        XCTAssertEqual(refusal("{{{o}}}", ["o": .object(["a": "b"])]), "template t.mustache line 1: {{{o}}}: names a list or an object, which has no text")
    }

    // MARK: standalone lines

    func testStandaloneSectionCommentAndPragmaLinesVanishWithTheirNewline() {
        let c: TemplateObject = ["s": true, "x": "X"]
        XCTAssertEqual(render("a\n{{#s}}\nb\n{{/s}}\nc\n", c), "a\nb\nc\n")
        XCTAssertEqual(render("a\n  {{#s}}\t \n  b\n \t{{/s}}  \nc", c), "a\n  b\nc")
        XCTAssertEqual(render("{{! a comment\n  over two lines }}\nb\n", c), "b\n")
        XCTAssertEqual(render("{{%CONTENT_TYPE: TEXT}}\n{{x}}\n", c), "X\n")
        XCTAssertEqual(render("a\r\n{{^missing}}\r\nb\r\n{{/missing}}\r\n", c), "a\r\nb\r\n")
        // At the template's end there need be no newline.
        XCTAssertEqual(render("a\n{{#s}}\nb\n  {{/s}}", c), "a\nb\n")
        // Two standalone tags on consecutive lines both go.
        XCTAssertEqual(render("{{#s}}\n{{/s}}\nz\n", c), "z\n")
    }

    /// Where swift-mustache 2.1 departs from the spec (no template of templates/ does this; the
    /// differential test would show it): after a section whose opening tag was not standalone it
    /// no longer sees a line start, and trailing blanks at the end keep a comment's line.
    func testStandaloneLinesFollowTheSpecWhereSwiftMustacheDidNot() {
        let c: TemplateObject = ["a": true, "b": true]
        XCTAssertEqual(render("x{{#a}}\ny\n{{/a}}\n{{#b}}\nz\n{{/b}}\n", c), "x\ny\nz\n")      // swift-mustache: "x\ny\n\nz\n"
        XCTAssertEqual(render("{{#a}}\ny{{/a}} {{#b}}\nz\n{{/b}}\n", c), "y \nz\n")               // swift-mustache: "yz\n"
        XCTAssertEqual(render("a\n{{! c }}   ", c), "a\n")                                         // swift-mustache: "a\n   "
    }

    func testTagsSharingALineWithTextOrAnotherTagStay() {
        let c: TemplateObject = ["s": true, "x": "X"]
        XCTAssertEqual(render("a {{#s}}\nb\n{{/s}} c\n", c), "a \nb\n c\n")
        XCTAssertEqual(render("{{#s}}{{/s}}\nz\n", c), "\nz\n")
        XCTAssertEqual(render("  {{x}}\n", c), "  X\n")
        XCTAssertEqual(render("{{x}}{{! c }}\n", c), "X\n")
        XCTAssertEqual(render(" {{! c }} {{x}}\n", c), "  X\n")
    }

    // MARK: sections over each kind of value

    func testSectionsOverEachKindOfValue() {
        let c: TemplateObject = [
            "t": "T", "e": "", "n": .number(0), "yes": true, "no": false, "l": .texts(["a", "b"]), "none": .list([]),
            "o": .object(["k": "K"]), "x": "outer",
        ]
        // A text (even empty, even the number 0) is truthy and pushed.
        XCTAssertEqual(render("{{#t}}[{{.}}]{{/t}}{{#e}}[{{.}}]{{/e}}{{#n}}[{{.}}]{{/n}}", c), "[T][][0]")
        // true renders once without pushing; false and a missing name render nothing.
        XCTAssertEqual(render("{{#yes}}[{{x}}]{{/yes}}{{#no}}no{{/no}}{{#missing}}m{{/missing}}", c), "[outer]")
        // A list renders once per element, pushed; an empty one renders nothing.
        XCTAssertEqual(render("{{#l}}<{{.}}>{{/l}}{{#none}}none{{/none}}", c), "<a><b>")
        // An object is pushed: its names first, then the enclosing ones.
        XCTAssertEqual(render("{{#o}}{{k}} {{x}}{{/o}}", c), "K outer")
    }

    func testInvertedSectionsOverEachKindOfValue() {
        let c: TemplateObject = [
            "t": "T", "e": "", "n": .number(0), "yes": true, "no": false, "l": .texts(["a"]), "none": .list([]),
            "o": .object([:]), "x": "X",
        ]
        XCTAssertEqual(render("{{^t}}t{{/t}}{{^e}}e{{/e}}{{^n}}n{{/n}}{{^yes}}yes{{/yes}}{{^l}}l{{/l}}{{^o}}o{{/o}}", c), "")
        XCTAssertEqual(render("{{^no}}no {{/no}}{{^missing}}missing {{/missing}}{{^none}}none {{x}}{{/none}}", c), "no missing none X")
    }

    // MARK: names

    func testNamesAreLookedUpInnermostFirst() {
        let c: TemplateObject = [
            "name": "outer", "only_outer": "O",
            "rows": .list([.object(["name": "r1"]), .object(["name": "r2", "only_outer": "shadowed"])]),
        ]
        XCTAssertEqual(render("{{#rows}}{{name}}/{{only_outer}} {{/rows}}{{name}}", c), "r1/O r2/shadowed outer")
    }

    func testDottedNamesResolveTheirFirstPartOnlyThroughTheStack() {
        let c: TemplateObject = ["a": .object(["b": .object(["c": "ABC"])]), "b": .object(["c": "top"]), "s": .object(["a": .object([:])])]
        XCTAssertEqual(render("{{a.b.c}}|{{#a}}{{b.c}}{{/a}}|{{b.c}}", c), "ABC|ABC|top")
        // Inside s, `a` is s's (which lacks b): the lookup does not climb again for `b`.
        XCTAssertEqual(render("{{#s}}[{{a.b.c}}]{{/s}}", c), "[]")
        XCTAssertEqual(render("{{#a.b}}{{c}}{{/a.b}}", c), "ABC")
    }

    func testObjectMembersCanBeSetReplacedAndRemoved() {
        var o: TemplateObject = ["b": "1", "a": "0", "b2": "x"]
        o["c"] = "2"; o["a"] = "00"; o["b2"] = nil; o["zz"] = nil
        XCTAssertEqual(o.members.map(\.name), ["a", "b", "c"])
        XCTAssertEqual(render("{{a}}{{b}}{{c}}{{b2}}", o), "0012")
        let twice = TemplateObject([("k", "first"), ("k", "last")])
        XCTAssertEqual(render("{{k}}", twice), "last")
    }

    // MARK: refusals

    func testWhatIsOutsideTheSubsetIsRefusedWhenParsed() {
        let cases: [(String, String)] = [
            ("a\n{{> part}}", "template t.mustache line 2: {{> part}}: partials are not supported"),
            ("{{=<% %>=}}", "template t.mustache line 1: {{=<% %>=}}: changing the delimiters is not supported"),
            ("{{<parent}}{{/parent}}", "template t.mustache line 1: {{<parent}}: template inheritance (blocks) is not supported"),
            ("{{$block}}x{{/block}}", "template t.mustache line 1: {{$block}}: template inheritance (blocks) is not supported"),
            ("{{%PRAGMA: X}}", "template t.mustache line 1: {{%PRAGMA: X}}: the only pragma is CONTENT_TYPE (TEXT or HTML)"),
            ("{{%CONTENT_TYPE: JSON}}", "template t.mustache line 1: {{%CONTENT_TYPE: JSON}}: unknown content type `JSON` (TEXT or HTML)"),
            ("{{%CONTENT_TYPE TEXT}}", "template t.mustache line 1: {{%CONTENT_TYPE TEXT}}: expected `CONTENT_TYPE: TEXT` or `CONTENT_TYPE: HTML`"),
            ("x\n\n{{/s}}", "template t.mustache line 3: {{/s}}: closes a section that was never opened"),
            ("{{#a}}\n{{#b}}\n{{/a}}", "template t.mustache line 3: {{/a}}: does not close {{#b}}, opened on line 2"),
            ("{{#a}}\nx\n", "template t.mustache line 1: {{#a}}: the section is never closed"),
            ("a\n{{^a}}{{#b}}{{/b}}", "template t.mustache line 2: {{^a}}: the section is never closed"),
            ("{{x", "template t.mustache line 1: {{x: the tag is never closed with }}"),
            ("{{{x}}", "template t.mustache line 1: {{{x}}: the tag is never closed with }}}"),
            ("{{! no end", "template t.mustache line 1: {{! no end: the comment is never closed with }}"),
            ("{{upper(x)}}", "template t.mustache line 1: {{upper(x)}}: a name holds only letters, digits, `_`, `-` and `.` (no lambdas, transforms or other tags)"),
            ("{{ #x}}", "template t.mustache line 1: {{ #x}}: a name holds only letters, digits, `_`, `-` and `.` (no lambdas, transforms or other tags)"),
            ("{{}}", "template t.mustache line 1: {{}}: the tag names nothing"),
            ("{{.a}}", "template t.mustache line 1: {{.a}}: `.a` is not a name (`.` or dotted names like `a.b`)"),
            ("{{a..b}}", "template t.mustache line 1: {{a..b}}: `a..b` is not a name (`.` or dotted names like `a.b`)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try TextTemplate(text, name: "t.mustache"), text) { error in
                XCTAssertEqual((error as? TemplateError)?.description, message, text)
            }
        }
    }

    func testLineNumbersCountLinesInsideEarlierTags() {
        XCTAssertEqual(refusal("{{! one\ntwo }}\n{{\nx\n}}\n{{> p}}"), "template t.mustache line 6: {{> p}}: partials are not supported")
    }
}
