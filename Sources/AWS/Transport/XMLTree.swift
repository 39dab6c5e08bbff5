import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: name (without namespace prefix), text and children. Query and
/// REST-XML responses are small, so a tree is the simplest faithful reading. External entities
/// are never resolved.
public final class XMLNode: @unchecked Sendable {
    public let name: String
    public internal(set) var text: String = ""
    public internal(set) var children: [XMLNode] = []

    init(name: String) { self.name = name }

    /// The first child named `name`.
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// All children named `name`.
    public func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The text of the descendant at `path` (`["Error", "Code"]`).
    public func value(_ path: String...) -> String? {
        var node: XMLNode? = self
        for name in path { node = node?.child(name) }
        return node?.text
    }

    /// Parses `data`; nil when it is not well-formed XML or nests deeper than `maxDepth`.
    public static func parse(_ data: Data, maxDepth: Int = 64) -> XMLNode? {
        let parser = XMLParser(data: data)
        let builder = Builder(maxDepth: maxDepth)
        parser.delegate = builder
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        guard parser.parse(), !builder.failed else { return nil }
        return builder.root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?
        var failed = false
        let maxDepth: Int

        init(maxDepth: Int) { self.maxDepth = maxDepth }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            guard stack.count < maxDepth else {
                failed = true
                parser.abortParsing()
                return
            }
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let node = XMLNode(name: local)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            if let node = stack.popLast(), !node.children.isEmpty {
                node.text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
    }
}
