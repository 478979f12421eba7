extension SMTPServerStateMachine {
    /// One mail transaction, from MAIL to the end of its body (or RSET).
    struct Transaction: Sendable {
        var mailFrom: SMTPReversePath
        var parameters: SMTPMailParameters
        var recipients: [SMTPEnvelopeRecipient] = []
        /// `startMessage` was emitted and neither commit nor abort yet.
        var messageStarted = false
        var usesChunking = false
        var chunkedSize: UInt64 = 0
    }
}
