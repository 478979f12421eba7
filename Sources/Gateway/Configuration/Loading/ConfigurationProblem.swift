import Yams

/// One thing wrong with the configuration, with where it came from, worded for the operator.
public struct ConfigurationProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Location: Sendable, Equatable {
        /// A line of the configuration file (nil when the line is not known).
        case file(line: Int?)
        /// An environment variable, by name.
        case environment(String)
        /// A file named by a `*_file` key.
        case secretFile(String)
        /// No single place: a rule across keys, or a built-in default.
        case none
    }

    public var key: String?
    public var location: Location
    public var message: String
    /// Filled in by the loader once it knows which file it read.
    public var fileName: String?

    public init(key: String?, location: Location, message: String, fileName: String? = nil) {
        self.key = key
        self.location = location
        self.message = message
        self.fileName = fileName
    }

    init(yamlError: YamlError) {
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            self.init(key: nil, location: .file(line: mark.line), message: "YAML syntax error: \(problem) (column \(mark.column))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(
                key: duplicates.first, location: .file(line: context.mark.line),
                message: "key given twice in one mapping: \(duplicates.joined(separator: ", "))")
        default:
            self.init(key: nil, location: .file(line: nil), message: "YAML error: \(yamlError)")
        }
    }

    public var description: String {
        var prefix: String
        switch location {
        case .file(let line):
            prefix = fileName ?? "configuration file"
            if let line { prefix += ":\(line)" }
        case .environment(let name):
            prefix = "environment variable \(name)"
        case .secretFile(let path):
            prefix = "secret file \(path)"
        case .none:
            prefix = "configuration"
        }
        if let key, !key.isEmpty {
            return "\(prefix): \(key): \(message)"
        }
        return "\(prefix): \(message)"
    }
}
