import Configuration
import Foundation
import Yams

/// The configuration file, flattened into dotted keys for swift-configuration, with the line of every
/// key kept so that errors can point into the file.
///
/// swift-configuration's own `YAMLSnapshot` refuses sequences of mappings (our `routes:`) and forgets
/// where a value came from; this snapshot indexes sequence items (`routes.0.name`) so that every key,
/// including those inside routes, can also be overridden by an environment variable.
public struct YAMLConfigSnapshot: FileConfigSnapshot {
    public struct ParsingOptions: FileParsingOptions {
        public static var `default`: Self { .init() }
    }

    public let providerName: String
    public let entries: [String: YAMLConfigEntry]

    public init(data: RawSpan, providerName: String, parsingOptions: ParsingOptions) throws {
        let bytes = data.withUnsafeBytes { Array($0) }
        try self.init(bytes: bytes, providerName: providerName)
    }

    public init(bytes: [UInt8], providerName: String) throws {
        self.providerName = providerName
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationProblem(key: nil, location: .file(line: nil), message: "the file is not valid UTF-8")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationProblem(yamlError: error)
        }
        var entries: [String: YAMLConfigEntry] = [:]
        switch root {
        case nil:
            break
        case .mapping(let mapping)?:
            try Self.flatten(mapping: mapping, path: [], into: &entries)
        case let other?:
            throw ConfigurationProblem(
                key: nil, location: .file(line: other.mark?.line),
                message: "the top level of the file must be a mapping of keys (like `smtp:` and `http:`)")
        }
        self.entries = entries
    }

    private static func flatten(mapping: Node.Mapping, path: [String], into entries: inout [String: YAMLConfigEntry]) throws {
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                throw ConfigurationProblem(
                    key: path.joined(separator: "."), location: .file(line: keyNode.mark?.line),
                    message: "keys must be plain names")
            }
            try flatten(node: valueNode, path: path + [keyScalar.string], into: &entries)
        }
    }

    private static func flatten(node: Node, path: [String], into entries: inout [String: YAMLConfigEntry]) throws {
        let key = path.joined(separator: ".")
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && node.null != nil {
                entries[key] = YAMLConfigEntry(value: .null, line: line)
            } else {
                entries[key] = YAMLConfigEntry(value: .scalar(scalar.string), line: line)
            }
        case .mapping(let mapping):
            entries[key] = YAMLConfigEntry(value: .mapping, line: line)
            try flatten(mapping: mapping, path: path, into: &entries)
        case .sequence(let sequence):
            var scalars: [String] = []
            var containers = 0
            for (index, item) in sequence.enumerated() {
                switch item {
                case .scalar(let scalar):
                    scalars.append(scalar.string)
                case .mapping(let itemMapping):
                    containers += 1
                    let itemPath = path + [String(index)]
                    entries[itemPath.joined(separator: ".")] = YAMLConfigEntry(value: .mapping, line: item.mark?.line)
                    try flatten(mapping: itemMapping, path: itemPath, into: &entries)
                case .sequence, .alias:
                    throw ConfigurationProblem(
                        key: key, location: .file(line: item.mark?.line),
                        message: "nested lists and YAML aliases are not supported here")
                }
            }
            if containers > 0 && !scalars.isEmpty {
                throw ConfigurationProblem(
                    key: key, location: .file(line: line),
                    message: "a list must hold either plain values or mappings, not both")
            }
            entries[key] = YAMLConfigEntry(value: containers > 0 ? .list(count: containers) : .scalars(scalars), line: line)
        case .alias:
            throw ConfigurationProblem(key: key, location: .file(line: line), message: "YAML aliases are not supported")
        }
    }

    public func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        let encodedKey = key.components.joined(separator: ".")
        guard let entry = entries[encodedKey] else {
            return LookupResult(encodedKey: encodedKey, value: nil)
        }
        switch (entry.value, type) {
        case (.scalar(let text), .string):
            return LookupResult(encodedKey: encodedKey, value: ConfigValue(.string(text), isSecret: false))
        case (.scalars(let items), .stringArray):
            return LookupResult(encodedKey: encodedKey, value: ConfigValue(.stringArray(items), isSecret: false))
        case (.scalar(let text), .stringArray):
            return LookupResult(encodedKey: encodedKey, value: ConfigValue(.stringArray([text]), isSecret: false))
        case (.null, _):
            return LookupResult(encodedKey: encodedKey, value: nil)
        default:
            throw ConfigurationProblem(
                key: encodedKey, location: .file(line: entry.line),
                message: "expected \(type == .stringArray ? "a list" : "a single value"), found \(entry.value.kindDescription)")
        }
    }
}

extension YAMLConfigSnapshot: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "\(providerName)[\(entries.count) keys]" }
    public var debugDescription: String { description }
}
