import Foundation

/// One delivery job of a received message: its current state, not its history.
public struct InboundDelivery: Sendable, Equatable, Codable {
    public var id: String
    public var route: String?
    public var webhook: String?
    public var recipients: [String]
    /// The job's state in the queue (`pending`, `running`, `completed`, `failed`, `dead`…).
    public var state: String
    public var attempts: Int
    public var lastError: String?
    public var nextAttemptAt: Date?
    public var finishedAt: Date?

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

    // Written by hand so that missing values are explicit nulls, as the OpenAPI schema says.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(route, forKey: .route)
        try container.encode(webhook, forKey: .webhook)
        try container.encode(recipients, forKey: .recipients)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(finishedAt, forKey: .finishedAt)
    }
}
