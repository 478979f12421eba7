/// What `SMTPRelayClient.relay` returns: the replies of the upstream that took the transaction, or why no
/// upstream did.
public enum SMTPRelayResult: Sendable {
    case replied(SMTPRelayReport)
    case failed(SMTPRelayFailure)
}
