import Yams

/// A YAML document as a tree that remembers where every key and value stands in the file, so
/// that a validation error can name the line and column (C-PAC's missing feature users ask for).
public struct ConfigNode: Sendable {
    public struct Position: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public var description: String { "\(line):\(column)" }
    }

    public enum Value: Sendable {
        case null
        case scalar(String)
        case mapping([(key: String, keyPosition: Position, value: ConfigNode)])
        case sequence([ConfigNode])
    }

    public let value: Value
    public let position: Position

    /// Largest config text accepted (a pipeline config is a few kilobytes).
    public static let maximumBytes = 1 << 20
    /// Most nodes a config may expand to, aliases counted at every use: a "billion laughs"
    /// document (aliases of aliases) is refused instead of growing without bound.
    public static let maximumNodes = 100_000

    /// Parses YAML text. Syntax errors carry libyaml's position.
    public static func parse(_ text: String, file: String) throws -> ConfigNode {
        guard text.utf8.count <= maximumBytes else {
            throw ConfigError(file: file, position: nil, message: "the config is \(text.utf8.count) bytes; more than \(maximumBytes) bytes is not a pipeline config")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return ConfigNode(value: .mapping([]), position: Position(line: 1, column: 1))
            }
            var budget = maximumNodes
            return try convert(node, budget: &budget, file: file)
        } catch let e as YamlError {
            throw ConfigError(file: file, position: nil, message: "YAML syntax error: \(e)")
        }
    }

    static func convert(_ node: Node, budget: inout Int, file: String) throws -> ConfigNode {
        budget -= 1
        let pos = node.mark.map { Position(line: $0.line, column: $0.column) } ?? Position(line: 0, column: 0)
        guard budget >= 0 else {
            throw ConfigError(file: file, position: pos,
                              message: "the config expands to more than \(maximumNodes) values (aliases repeated inside aliases?); refusing to expand it further")
        }
        switch node {
        case .mapping(let m):
            var entries: [(key: String, keyPosition: Position, value: ConfigNode)] = []
            for (k, v) in m {
                entries.append((key: k.string ?? "\(k)", keyPosition: k.mark.map { Position(line: $0.line, column: $0.column) } ?? pos,
                                value: try convert(v, budget: &budget, file: file)))
            }
            return ConfigNode(value: .mapping(entries), position: pos)
        case .sequence(let s):
            var items: [ConfigNode] = []
            for v in s { items.append(try convert(v, budget: &budget, file: file)) }
            return ConfigNode(value: .sequence(items), position: pos)
        default:
            return convert(node)
        }
    }

    static func convert(_ node: Node) -> ConfigNode {
        let pos = node.mark.map { Position(line: $0.line, column: $0.column) } ?? Position(line: 0, column: 0)
        switch node {
        case .scalar(let s):
            if s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string) {
                return ConfigNode(value: .null, position: pos)
            }
            return ConfigNode(value: .scalar(s.string), position: pos)
        case .mapping(let m):
            return ConfigNode(value: .mapping(m.map { k, v in
                (key: k.string ?? "\(k)",
                 keyPosition: k.mark.map { Position(line: $0.line, column: $0.column) } ?? pos,
                 value: convert(v))
            }), position: pos)
        case .sequence(let s):
            return ConfigNode(value: .sequence(s.map(convert)), position: pos)
        case .alias:
            return ConfigNode(value: .null, position: pos)
        }
    }

    /// The value under `key` of a mapping, or nil.
    public subscript(key: String) -> ConfigNode? {
        if case .mapping(let m) = value { return m.first { $0.key == key }?.value }
        return nil
    }

    public var scalar: String? { if case .scalar(let s) = value { return s }; return nil }
    public var isNull: Bool { if case .null = value { return true }; return false }
    public var items: [ConfigNode] {
        switch value { case .sequence(let s): return s; case .null: return []; default: return [self] }
    }
}

/// A configuration problem: the file, the line and column, and what is wrong.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let position: ConfigNode.Position?
    public let message: String

    public init(file: String, position: ConfigNode.Position?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        if let p = position { return "\(file):\(p.line):\(p.column): \(message)" }
        return "\(file): \(message)"
    }
}

/// Several configuration problems, reported together so a user fixes them in one pass.
public struct ConfigErrors: Error, CustomStringConvertible {
    public let errors: [ConfigError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
