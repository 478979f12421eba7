import Configuration
import Foundation
import SystemPackage

/// Builds a `GatewayConfiguration` from the YAML file (if any) and `MAILGATE_*` environment variables,
/// with swift-configuration layering the environment over the file.
public struct ConfigurationLoader: Sendable {
    /// The file given by `--config` or `MAILGATE_CONFIG`; nil means a development instance.
    public var filePath: String?
    public var environment: [String: String]

    static let environmentPrefix = "MAILGATE_"
    /// Variables with the prefix that are about how Mailgate is started, not configuration keys.
    static let reservedVariables: Set<String> = ["MAILGATE_CONFIG", ConfigurationProfile.variable]

    public init(filePath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.filePath = filePath ?? environment["MAILGATE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        self.environment = environment
    }

    public func load() async throws(ConfigurationError) -> GatewayConfiguration {
        let profile: ConfigurationProfile
        do {
            profile = try ConfigurationProfile.select(fileGiven: filePath != nil, requested: environment[ConfigurationProfile.variable])
        } catch {
            throw ConfigurationError(problems: [error])
        }
        var file: YAMLConfigSnapshot?
        var fileProvider: FileProvider<YAMLConfigSnapshot>?
        if let filePath {
            do {
                let provider = try await Self.openFile(filePath)
                fileProvider = provider
                file = provider.snapshot() as? YAMLConfigSnapshot
            } catch let problem as ConfigurationProblem {
                var problem = problem
                problem.fileName = filePath
                throw ConfigurationError(problems: [problem])
            } catch {
                throw ConfigurationError(problems: [ConfigurationProblem(key: nil, location: .file(line: nil), message: "\(error)", fileName: filePath)])
            }
        }

        var stripped: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix(Self.environmentPrefix) && !Self.reservedVariables.contains(name) {
            stripped[String(name.dropFirst(Self.environmentPrefix.count))] = value
        }
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider(environmentVariables: stripped)]
        if let fileProvider { providers.append(fileProvider) }
        var reader = SettingsReader(
            config: ConfigReader(providers: providers), file: file, fileName: filePath, environment: stripped)

        let configuration = GatewayConfiguration(reading: &reader, profile: profile)
        var problems = reader.problems
        problems += unknownKeys(reader: reader, file: file, environment: stripped)
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return configuration
    }

    private static func openFile(_ path: String) async throws -> FileProvider<YAMLConfigSnapshot> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigurationProblem(key: nil, location: .file(line: nil), message: "the configuration file does not exist")
        }
        guard !isDirectory.boolValue else {
            throw ConfigurationProblem(key: nil, location: .file(line: nil), message: "this is a directory, not a configuration file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigurationProblem(key: nil, location: .file(line: nil), message: "the configuration file is not readable (permissions)")
        }
        return try await FileProvider<YAMLConfigSnapshot>(filePath: FilePath(path))
    }

    /// Keys in the file or the environment that no setting reads: typos must not turn into silent defaults.
    private func unknownKeys(reader: SettingsReader, file: YAMLConfigSnapshot?, environment: [String: String]) -> [ConfigurationProblem] {
        let known = Set(reader.readKeys)
        var containers: Set<String> = []
        for key in known {
            var parts = key.split(separator: ".").dropLast()
            while !parts.isEmpty {
                containers.insert(parts.joined(separator: "."))
                parts = parts.dropLast()
            }
        }
        var problems: [ConfigurationProblem] = []
        let alreadyReported = Set(reader.problems.compactMap(\.key))
        for key in containers.sorted() where !alreadyReported.contains(key) {
            guard let entry = file?.entries[key] else { continue }
            switch entry.value {
            case .mapping, .list, .null: continue
            case .scalar, .scalars:
                problems.append(ConfigurationProblem(
                    key: key, location: .file(line: entry.line),
                    message: "expected a mapping, found \(entry.value.kindDescription)", fileName: filePath))
            }
        }
        for (key, entry) in (file?.entries ?? [:]).sorted(by: { ($0.value.line ?? 0, $0.key) < ($1.value.line ?? 0, $1.key) }) {
            guard !known.contains(key), !containers.contains(key) else { continue }
            // Report the outermost unknown key only, not each of its children.
            let parent = key.split(separator: ".").dropLast().joined(separator: ".")
            if !parent.isEmpty, file?.entries[parent] != nil, !containers.contains(parent), !known.contains(parent) { continue }
            problems.append(ConfigurationProblem(
                key: key, location: .file(line: entry.line),
                message: "unknown key" + (Self.closest(to: key, among: known).map { " (did you mean \($0)?)" } ?? ""),
                fileName: filePath))
        }
        let knownVariables = Dictionary(known.map { (SettingsReader.environmentName(for: $0), $0) }, uniquingKeysWith: { a, _ in a })
        for name in environment.keys.sorted() where knownVariables[name] == nil {
            let hint = Self.closest(to: name, among: knownVariables.keys).map { " (did you mean \(Self.environmentPrefix)\($0)?)" } ?? ""
            problems.append(ConfigurationProblem(
                key: nil, location: .environment(Self.environmentPrefix + name),
                message: "not a configuration key" + hint))
        }
        return problems
    }

    /// The known name nearest to a mistyped one, if it is near enough to be the likely intent.
    static func closest(to name: String, among known: some Collection<String>) -> String? {
        let best = known.map { ($0, editDistance($0, name)) }.min(by: { ($0.1, $0.0) < ($1.1, $1.0) })
        guard let (candidate, distance) = best, distance <= max(2, name.count / 6) else { return nil }
        return candidate
    }

    /// Levenshtein distance, for "did you mean" hints on short keys.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
