import Configuration
import Foundation

/// Reads typed settings out of the layered configuration (environment over file over defaults) and
/// keeps what a loader needs besides the values: every problem found, every key read (so that the
/// keys nobody read can be reported as unknown), and the effective value of each key for `check-config`.
///
/// Reading never stops at the first problem: a placeholder is returned and the problem is recorded,
/// so one run reports everything. The loader throws if any problem was recorded, so placeholders
/// never reach a running service.
struct SettingsReader {
    let config: ConfigReader
    let file: YAMLConfigSnapshot?
    let fileName: String?
    /// `MAILGATE_*` variables with the prefix removed, e.g. `HTTP_PORT`.
    let environment: [String: String]

    private(set) var problems: [ConfigurationProblem] = []
    /// What is valid but almost certainly not meant: reported by `check-config` and logged at start.
    private(set) var warnings: [ConfigurationProblem] = []
    private(set) var readKeys: [String] = []
    private(set) var effective: [EffectiveSetting] = []

    init(config: ConfigReader, file: YAMLConfigSnapshot?, fileName: String?, environment: [String: String]) {
        self.config = config
        self.file = file
        self.fileName = fileName
        self.environment = environment
    }

    /// The environment variable (without `MAILGATE_`) that overrides a key, as swift-configuration's
    /// `EnvironmentVariablesProvider` spells it.
    static func environmentName(for key: String) -> String {
        key.split(separator: ".").map { component in
            String(component.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        }.joined(separator: "_")
    }

    func location(of key: String) -> ConfigurationProblem.Location {
        let envName = Self.environmentName(for: key)
        if environment[envName] != nil { return .environment("MAILGATE_" + envName) }
        // A key the file does not set is pointed at the nearest mapping that holds it, if any.
        var path = key.split(separator: ".")
        while !path.isEmpty {
            if let entry = file?.entries[path.joined(separator: ".")] { return .file(line: entry.line) }
            path.removeLast()
        }
        return .none
    }

    mutating func report(_ key: String?, _ message: String, at location: ConfigurationProblem.Location? = nil) {
        let where_ = location ?? key.map { self.location(of: $0) } ?? .none
        problems.append(ConfigurationProblem(key: key, location: where_, message: message, fileName: fileName))
    }

    mutating func warn(_ key: String, _ message: String) {
        warnings.append(ConfigurationProblem(key: key, location: location(of: key), message: message, fileName: fileName))
    }

    // MARK: raw access

    /// The text of a key, or nil when no layer sets it. Reports a value of the wrong shape.
    mutating func text(_ key: String, secret: Bool = false) -> String? {
        readKeys.append(key)
        let envName = Self.environmentName(for: key)
        if environment[envName] == nil, let entry = file?.entries[key] {
            switch entry.value {
            case .scalar, .null: break
            default:
                report(key, "expected a single value, found \(entry.value.kindDescription)")
                return nil
            }
        }
        return config.string(forKey: ConfigKey(key.split(separator: ".").map(String.init)), isSecret: secret)
    }

    mutating func list(_ key: String) -> [String]? {
        readKeys.append(key)
        let envName = Self.environmentName(for: key)
        if environment[envName] == nil, let entry = file?.entries[key] {
            switch entry.value {
            case .scalar, .scalars, .null: break
            default:
                report(key, "expected a list of values, found \(entry.value.kindDescription)")
                return nil
            }
        }
        return config.stringArray(forKey: ConfigKey(key.split(separator: ".").map(String.init)))
    }

    /// How many items a list of mappings (like `routes`) has, counting items that only the environment
    /// defines (`MAILGATE_ROUTES_2_NAME` makes a third route).
    mutating func itemCount(_ key: String) -> Int {
        readKeys.append(key)
        var count = 0
        if let entry = file?.entries[key] {
            switch entry.value {
            case .list(let items): count = items
            case .scalars(let items) where items.isEmpty: count = 0
            case .null: count = 0
            default: report(key, "expected a list of mappings, found \(entry.value.kindDescription)")
            }
        }
        let prefix = Self.environmentName(for: key) + "_"
        for name in environment.keys where name.hasPrefix(prefix) {
            let index = name.dropFirst(prefix.count).prefix(while: { $0.isNumber })
            if let value = Int(index), value < 10_000 { count = max(count, value + 1) }
        }
        return count
    }

    /// Whether the file or the environment sets a mapping key or anything beneath it (`routes.0.webhook`
    /// is set by `MAILGATE_ROUTES_0_WEBHOOK_URL` too).
    func keyIsSet(_ key: String) -> Bool {
        if let file, file.entries[key] != nil { return true }
        let prefix = Self.environmentName(for: key) + "_"
        return environment.keys.contains { $0.hasPrefix(prefix) }
    }

    mutating func record(_ key: String, _ display: String, secret: Bool = false) {
        effective.append(
            secret
                ? .secret(key: key, value: display, source: location(of: key))
                : EffectiveSetting(key: key, value: display, source: location(of: key)))
    }

    mutating func replaceEffective(at index: Int, with setting: EffectiveSetting) {
        effective[index] = setting
    }

    mutating func truncateEffective(to count: Int) {
        effective.removeLast(effective.count - count)
    }

    // MARK: typed access

    mutating func string(_ key: String, default defaultValue: String) -> String {
        let value = text(key) ?? defaultValue
        record(key, value)
        return value
    }

    mutating func optionalString(_ key: String) -> String? {
        let value = text(key)
        if let value { record(key, value) }
        return value
    }

    /// A secret: given inline, or read from the file named by `KEY_file` (trailing newlines removed).
    mutating func secret(_ key: String) -> String? {
        let inline = text(key, secret: true)
        let fileKey = key + "_file"
        let path = text(fileKey)
        switch (inline, path) {
        case (_?, _?):
            report(key, "give either \(key) or \(fileKey), not both")
            return nil
        case (let value?, nil):
            record(key, value, secret: true)
            return value
        case (nil, let path?):
            record(fileKey, path)
            do {
                var value = try String(contentsOfFile: path, encoding: .utf8)
                while value.last?.isNewline == true { value.removeLast() }
                if value.isEmpty { report(fileKey, "the secret file \(path) is empty") }
                checkSecretFile(fileKey, path: path)
                // The file's content, not only its path, is what a reload must see change.
                if let index = effective.lastIndex(where: { $0.key == fileKey }) {
                    effective[index].fingerprint = EffectiveSetting.fingerprint(of: value)
                }
                return value
            } catch {
                report(fileKey, "cannot read the secret file \(path): \(Self.reason(error))")
                return nil
            }
        case (nil, nil):
            return nil
        }
    }

    /// Reports a file holding a secret that other users of the machine may read (`SecretFilePermissions`).
    mutating func checkSecretFile(_ key: String, path: String) {
        if let problem = SecretFilePermissions.check(path) { report(key, problem) }
    }

    /// The one shape of every typed setting: absent → the default; present → parsed, or reported with
    /// the parser's message and replaced by the default.
    private mutating func parsed<Value>(
        _ key: String, default defaultValue: Value, shown: (Value) -> String, _ parse: (String) -> Result<Value, SettingMessage>
    ) -> Value {
        guard let raw = text(key) else {
            record(key, shown(defaultValue))
            return defaultValue
        }
        switch parse(raw) {
        case .success(let value):
            record(key, shown(value))
            return value
        case .failure(let message):
            report(key, message.text)
            return defaultValue
        }
    }

    mutating func int(_ key: String, default defaultValue: Int, range: ClosedRange<Int>) -> Int {
        parsed(key, default: defaultValue, shown: String.init) { raw in
            guard let value = Int(raw.trimmingWhitespace()) else { return .failure("\"\(raw)\" is not a whole number") }
            guard range.contains(value) else { return .failure("\(value) is out of range (\(range.lowerBound)...\(range.upperBound))") }
            return .success(value)
        }
    }

    mutating func port(_ key: String, default defaultValue: Int) -> Int {
        parsed(key, default: defaultValue, shown: String.init) { raw in
            guard let value = Int(raw.trimmingWhitespace()), (1...65535).contains(value) else {
                return .failure("\"\(raw)\" is not a valid TCP port (1-65535)")
            }
            return .success(value)
        }
    }

    mutating func bool(_ key: String, default defaultValue: Bool) -> Bool {
        parsed(key, default: defaultValue, shown: String.init) { raw in
            switch raw.trimmingWhitespace().lowercased() {
            case "true", "yes", "on", "1": .success(true)
            case "false", "no", "off", "0": .success(false)
            default: .failure("\"\(raw)\" is not true or false")
            }
        }
    }

    mutating func duration(_ key: String, default defaultValue: ConfigDuration, minimum: Duration = .milliseconds(1)) -> ConfigDuration {
        parsed(key, default: defaultValue, shown: \.description) { raw in
            do throws(ConfigDuration.ParseError) {
                let value = try ConfigDuration(parsing: raw)
                guard value.duration >= minimum else { return .failure("\(value) is too short (at least \(ConfigDuration(minimum)))") }
                return .success(value)
            } catch {
                return .failure(SettingMessage(error.description))
            }
        }
    }

    mutating func byteSize(_ key: String, default defaultValue: ByteSize, range: ClosedRange<ByteSize>) -> ByteSize {
        parsed(key, default: defaultValue, shown: \.description) { raw in
            do throws(ByteSize.ParseError) {
                let value = try ByteSize(parsing: raw)
                guard range.contains(value) else { return .failure("\(value) is out of range (\(range.lowerBound)...\(range.upperBound))") }
                return .success(value)
            } catch {
                return .failure(SettingMessage(error.description))
            }
        }
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: Choice) -> Choice
    where Choice.RawValue == String {
        parsed(key, default: defaultValue, shown: \.rawValue) { raw in
            guard let value = Choice(rawValue: raw.trimmingWhitespace().lowercased()) else {
                return .failure("\"\(raw)\" is not one of: \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .success(value)
        }
    }

    static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }
}
