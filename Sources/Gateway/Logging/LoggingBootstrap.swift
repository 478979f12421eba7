import Logging

/// Installs Mailgate's log handler for the whole process; swift-log allows this once.
public enum LoggingBootstrap {
    public static func install(_ settings: LogSettings) -> LogLevelSwitch {
        let levelSwitch = LogLevelSwitch(settings.level.loggerLevel)
        let format: LogLineFormat = settings.format == .json ? .json : .logfmt
        LoggingSystem.bootstrap { label in
            LineLogHandler(label: label, format: format, levelSwitch: levelSwitch)
        }
        return levelSwitch
    }
}
