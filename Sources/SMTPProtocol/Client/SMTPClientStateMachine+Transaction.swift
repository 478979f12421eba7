extension SMTPClientStateMachine {
    /// Replies still expected for one MAIL/RCPT/DATA group, and the ones received.
    struct Transaction: Sendable {
        var message: SMTPClientMessage
        var awaiting: [TransactionStep] = []
        var unsent: [TransactionStep] = []
        var mailReply: SMTPReply?
        var recipientReplies: [SMTPReply?]
        /// DATA got 354 although nothing was accepted: the empty body is sent and its reply ignored.
        var discardBody = false
        /// The body goes out as BDAT chunks (RFC 3030) instead of DATA.
        var chunked = false
        /// BDAT chunks sent whose replies have not come yet (the LAST one not included).
        var outstandingChunks = 0
        /// The first refusal of a BDAT chunk: it decides the transaction.
        var chunkFailure: SMTPReply?

        init(message: SMTPClientMessage) {
            self.message = message
            self.recipientReplies = Array(repeating: nil, count: message.recipients.count)
        }

        var acceptedAny: Bool { self.recipientReplies.contains { $0?.isPositive == true } }

        /// Results when the body was never accepted: each recipient keeps its RCPT refusal, the rest get
        /// the reply that ended the transaction.
        func report(failure: SMTPReply) -> SMTPDeliveryReport {
            SMTPDeliveryReport(
                results: self.message.recipients.enumerated().map { index, recipient in
                    let own = self.recipientReplies[index]
                    let reply = (own.map { $0.isPositive } ?? true) ? failure : own!
                    return SMTPRecipientResult(recipient: recipient, reply: reply)
                })
        }

        func report(finalReply: SMTPReply) -> SMTPDeliveryReport {
            SMTPDeliveryReport(
                results: self.message.recipients.enumerated().map { index, recipient in
                    let own = self.recipientReplies[index]
                    return SMTPRecipientResult(recipient: recipient, reply: own?.isPositive == true ? finalReply : own ?? finalReply)
                })
        }
    }
}
