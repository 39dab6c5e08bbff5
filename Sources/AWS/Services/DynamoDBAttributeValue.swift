import Foundation

/// A DynamoDB attribute value in its wire form (`{"S": "x"}`, `{"N": "1"}`, `{"M": {...}}`, ...).
/// Numbers stay strings so no precision is lost.
public indirect enum DynamoDBAttributeValue: Codable, Sendable, Equatable {
    case s(String)
    case n(String)
    case b(Data)
    case ss([String])
    case ns([String])
    case bs([Data])
    case m([String: DynamoDBAttributeValue])
    case l([DynamoDBAttributeValue])
    case null
    case bool(Bool)

    enum Key: String, CodingKey { case S, N, B, SS, NS, BS, M, L, NULL, BOOL }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an attribute value has exactly one type key"))
        }
        switch key {
        case .S: self = .s(try container.decode(String.self, forKey: key))
        case .N: self = .n(try container.decode(String.self, forKey: key))
        case .B: self = .b(try Self.decodeBinary(try container.decode(String.self, forKey: key), container.codingPath))
        case .SS: self = .ss(try container.decode([String].self, forKey: key))
        case .NS: self = .ns(try container.decode([String].self, forKey: key))
        case .BS: self = .bs(try container.decode([String].self, forKey: key).map { try Self.decodeBinary($0, container.codingPath) })
        case .M: self = .m(try container.decode([String: DynamoDBAttributeValue].self, forKey: key))
        case .L: self = .l(try container.decode([DynamoDBAttributeValue].self, forKey: key))
        case .NULL: self = .null
        case .BOOL: self = .bool(try container.decode(Bool.self, forKey: key))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .s(let value): try container.encode(value, forKey: .S)
        case .n(let value): try container.encode(value, forKey: .N)
        case .b(let value): try container.encode(value.base64EncodedString(), forKey: .B)
        case .ss(let value): try container.encode(value, forKey: .SS)
        case .ns(let value): try container.encode(value, forKey: .NS)
        case .bs(let value): try container.encode(value.map { $0.base64EncodedString() }, forKey: .BS)
        case .m(let value): try container.encode(value, forKey: .M)
        case .l(let value): try container.encode(value, forKey: .L)
        case .null: try container.encode(true, forKey: .NULL)
        case .bool(let value): try container.encode(value, forKey: .BOOL)
        }
    }

    private static func decodeBinary(_ text: String, _ path: [CodingKey]) throws -> Data {
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "B value is not base64"))
        }
        return data
    }
}

public typealias DynamoDBItem = [String: DynamoDBAttributeValue]
