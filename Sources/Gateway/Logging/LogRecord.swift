import Foundation
import Logging

/// One log event, ready to be written by a `LogLineFormat`.
struct LogRecord {
    var timestamp: Date
    var level: Logger.Level
    var label: String
    var message: String
    var metadata: Logger.Metadata
    var source: String

    static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
