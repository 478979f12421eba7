import Foundation
import OpenAPIRuntime

/// The API's times: written in UTC with milliseconds, like every other time the API writes
/// (`2026-11-22T02:56:45.123Z`); read with or without fractional seconds and with any offset (RFC 3339).
public struct APIDateTranscoder: DateTranscoder {
    public init() {}

    public func encode(_ date: Date) throws -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    public func decode(_ text: String) throws -> Date {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        throw DecodingError.dataCorrupted(
            .init(codingPath: [], debugDescription: "\"\(text)\" is not an RFC 3339 time (2026-01-31T12:00:00Z)"))
    }
}
