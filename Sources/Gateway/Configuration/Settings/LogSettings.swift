import Logging

/// How Mailgate logs: logfmt lines for people at a terminal, JSON lines for collectors.
public struct LogSettings: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case logfmt
        case json
    }

    public enum Level: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical

        public var loggerLevel: Logger.Level {
            Logger.Level(rawValue: rawValue)!
        }
    }

    public var level: Level
    public var format: Format

    public init(level: Level = .info, format: Format = .logfmt) {
        self.level = level
        self.format = format
    }

    init(reading reader: inout SettingsReader) {
        level = reader.choice("log.level", default: Level.info)
        format = reader.choice("log.format", default: Format.logfmt)
    }
}
