import Foundation

/// Times on the wire: ISO 8601 in UTC with milliseconds (`2026-11-22T02:56:45.123Z`). Query
/// parameters also accept whole seconds and any UTC offset (`2026-11-22T03:56:45+01:00`).
enum APITimestamp {
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parse(_ text: String) -> Date? {
        for style in [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()] {
            if let date = try? style.parse(text) { return date }
        }
        return nil
    }
}
