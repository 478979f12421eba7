/// Where one recipient of an outbound message stands (the `RecipientStatus` schema of openapi.yaml).
public enum RecipientStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case queued
    case scheduled
    case relayed
    case deferred
    case bounced
    case failed
    case canceled
    case captured

    /// Nothing more will happen to the recipient.
    public var isFinal: Bool {
        switch self {
        case .relayed, .bounced, .failed, .canceled, .captured: true
        case .queued, .scheduled, .deferred: false
        }
    }
}
