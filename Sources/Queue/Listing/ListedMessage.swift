/// One row of the message listing.
public struct ListedMessage: Sendable, Hashable {
    public var message: StoredMessage
    public var state: MessageState

    public init(message: StoredMessage, state: MessageState) {
        self.message = message
        self.state = state
    }
}
