extension SMTPServerStateMachine {
    /// Which SASL response the next line is.
    enum SASLStep: Hashable, Sendable {
        case plain
        case loginUsername
        case loginPassword(username: String)
    }
}
