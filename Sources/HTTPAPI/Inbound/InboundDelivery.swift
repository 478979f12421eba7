import Foundation

/// One delivery job of a received message: its current state, not its history.
public struct InboundDelivery: Sendable, Equatable, Codable {
    public var id: String
    @ExplicitNull public var route: String?
    @ExplicitNull public var webhook: String?
    public var recipients: [String]
    /// The job's state in the queue (`pending`, `running`, `completed`, `failed`, `dead`…).
    public var state: String
    public var attempts: Int
    @ExplicitNull public var lastError: String?
    @ExplicitNull public var nextAttemptAt: Date?
    @ExplicitNull public var finishedAt: Date?

    public init(
        id: String, route: String?, webhook: String?, recipients: [String], state: String, attempts: Int,
        lastError: String?, nextAttemptAt: Date?, finishedAt: Date?
    ) {
        self.id = id
        self.route = route
        self.webhook = webhook
        self.recipients = recipients
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.finishedAt = finishedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, route, webhook, recipients, state, attempts
        case lastError = "last_error"
        case nextAttemptAt = "next_attempt_at"
        case finishedAt = "finished_at"
    }
}
