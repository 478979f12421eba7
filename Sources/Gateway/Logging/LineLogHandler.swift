import Foundation
import Logging

/// A swift-log handler that writes one line per event to standard error, in logfmt or JSON.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let format: LogLineFormat
    private let levelSwitch: LogLevelSwitch

    public init(label: String, format: LogLineFormat, levelSwitch: LogLevelSwitch, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.format = format
        self.levelSwitch = levelSwitch
        self.metadataProvider = metadataProvider
    }

    public var logLevel: Logger.Level {
        get { levelSwitch.level }
        // Levels are set for the whole process through the switch; a per-logger override would be
        // lost on the next reload, so it is not offered.
        set {}
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let record = LogRecord(
            timestamp: Date(), level: event.level, label: label, message: event.message.description,
            metadata: merged, source: event.source)
        var line = format.render(record)
        line.append("\n")
        // One write(2) per line, so lines from different threads never interleave.
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
