import Foundation
import Logging

/// How a log event becomes one line: logfmt for a terminal, JSON for collectors.
public enum LogLineFormat: Sendable {
    case logfmt
    case json

    func render(_ record: LogRecord) -> String {
        switch self {
        case .logfmt: Self.logfmt(record)
        case .json: Self.json(record)
        }
    }

    private static func logfmt(_ record: LogRecord) -> String {
        var line = "ts=\(LogRecord.iso8601(record.timestamp)) level=\(record.level) logger=\(logfmtValue(record.label)) msg=\(logfmtValue(record.message))"
        for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(logfmtKey(key))=\(logfmtValue(flatten(value)))"
        }
        return line
    }

    private static func logfmtKey(_ key: String) -> String {
        String(key.map { $0 == " " || $0 == "=" || $0 == "\"" ? "_" : $0 })
    }

    private static func logfmtValue(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" || $0.isNewline || $0 == "\\" })
        guard needsQuotes else { return value }
        var escaped = "\""
        for character in value {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    private static func flatten(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let items): "[" + items.map(flatten).joined(separator: ",") + "]"
        case .dictionary(let items): "{" + items.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\(flatten($0.value))" }.joined(separator: ",") + "}"
        }
    }

    private static func json(_ record: LogRecord) -> String {
        var object: [String: Any] = [
            "ts": LogRecord.iso8601(record.timestamp),
            "level": record.level.rawValue,
            "logger": record.label,
            "msg": record.message,
        ]
        for (key, value) in record.metadata where object[key] == nil {
            object[key] = jsonValue(value)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return #"{"level":"error","msg":"unencodable log event"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func jsonValue(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let items): items.map(jsonValue)
        case .dictionary(let items): items.mapValues(jsonValue)
        }
    }
}
