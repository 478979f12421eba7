import Testing

@testable import SMTPProtocol

struct SMTPRejectionReasonTests {
    typealias Replies = SMTPServerReplies
    static let host = "mx.example.com"
    static let path = SMTPForwardPath.mailbox(SMTPMailbox(localPart: "x", domain: "example.com"))

    /// Every refusal the server can send, with the reason its metric carries.
    static let table: [(SMTPReply, SMTPRejectionReason)] = [
        (Replies.unknownRecipient(path), .unknownRecipient),
        (Replies.tooManyRecipients, .tooManyRecipients),
        (Replies.declaredSizeTooBig, .messageTooLarge),
        (SMTPMessageFailure.sizeExceeded(limit: 10).reply, .messageTooLarge),
        (SMTPMessageFailure.lineTooLong(limit: 1000).reply, .lineTooLong),
        (Replies.commandLineTooLong, .lineTooLong),
        (Replies.authLineTooLong, .lineTooLong),
        (SMTPMessageFailure.bareLineEnding.reply, .bareLineEnding),
        (Replies.bareLFInCommand, .bareLineEnding),
        (Replies.mustStartTLS, .tlsRequired),
        (Replies.authenticationRequired, .authRequired),
        (Replies.authFailed, .authFailed),
        (Replies.authTemporaryFailure, .authUnavailable),
        (Replies.senderNotOwned(.null, user: "u"), .senderNotOwned),
        (SMTPReply(550, "5.7.27", "Sender domain has null MX"), .policy),
        (Replies.pipelinedAfterSTARTTLS, .pipelinedAfterSTARTTLS),
        (Replies.tooManyErrors(host), .tooManyErrors),
        (Replies.tooManyCommands(host), .tooManyCommands),
        (SMTPReply(421, "4.7.0", "\(host) Too many connections, try again later"), .connectionLimit),
        (Replies.timeout(host), .timeout),
        (Replies.dataRateTooLow(host, minimum: 1024), .dataRate),
        (Replies.commitFailed, .commitFailed),
        (SMTPReply(452, "4.3.1", "Insufficient system storage"), .commitFailed),
        (SMTPReply(421, "4.3.2", "\(host) Service shutting down"), .shutdown),
        (Replies.needHelo, .protocolError),
        (Replies.needMail, .protocolError),
        (Replies.nestedMail, .protocolError),
        (Replies.noValidRecipients, .protocolError),
        (Replies.binaryNeedsBDAT, .protocolError),
        (Replies.recipientNeedsSMTPUTF8, .protocolError),
        (Replies.unsupportedMechanism, .protocolError),
        (Replies.invalidBase64, .protocolError),
        (Replies.tlsNotAvailable, .protocolError),
        (SMTPReply(code: 500, "Error: command not recognized"), .protocolError),
        (SMTPReply(451, "4.4.1", "Upstream unavailable"), .other),
    ]

    @Test(arguments: table)
    func classifiesEveryRefusal(_ reply: SMTPReply, _ reason: SMTPRejectionReason) {
        #expect(SMTPRejectionReason(reply: reply, hostname: Self.host) == reason)
    }

    @Test(arguments: [Replies.ok, Replies.queued("x"), Replies.startData, Replies.saslContinue, Replies.greeting(host)])
    func positiveRepliesAreNoRejection(_ reply: SMTPReply) {
        #expect(SMTPRejectionReason(reply: reply, hostname: Self.host) == nil)
    }
}
