/// A Date header: the value as written and, when it could be read, the instant in ISO 8601 UTC.
public struct MessageDate: Sendable, Equatable {
    public var raw: String
    /// `YYYY-MM-DDTHH:MM:SSZ`, or nil when the value is not a date.
    public var iso8601: String?
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64?

    public init(raw: String, iso8601: String?, secondsSince1970: Int64?) {
        self.raw = raw
        self.iso8601 = iso8601
        self.secondsSince1970 = secondsSince1970
    }
}
