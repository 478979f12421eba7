/// The error a `QueueStoreError` was made from, kept typed so callers can inspect it (SQLSTATE, SQLite
/// result code) instead of parsing the message.
///
/// Compared and hashed by its type and description: `QueueStoreError` stays `Hashable` (tests and callers
/// compare store errors), and two causes that read the same are the same cause for that purpose.
public struct QueueStoreErrorCause: Error, Sendable, Hashable, CustomStringConvertible {
    public let error: any Error

    public init(_ error: any Error) {
        self.error = error
    }

    public var description: String { String(describing: self.error) }

    public static func == (lhs: QueueStoreErrorCause, rhs: QueueStoreErrorCause) -> Bool {
        type(of: lhs.error) == type(of: rhs.error) && lhs.description == rhs.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(type(of: self.error)))
        hasher.combine(self.description)
    }
}
