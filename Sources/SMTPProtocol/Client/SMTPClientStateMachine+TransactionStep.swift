extension SMTPClientStateMachine {
    /// A command of a transaction whose reply is still to come, in sending order.
    enum TransactionStep: Hashable, Sendable {
        case mail
        case rcpt(Int)
        case data
    }
}
