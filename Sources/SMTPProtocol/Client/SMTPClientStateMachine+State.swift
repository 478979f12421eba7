extension SMTPClientStateMachine {
    enum State: Sendable {
        case connecting
        case greeting
        case ehlo(afterTLS: Bool)
        case helo
        case startTLS
        case awaitingTLS
        case authPlain
        case authLoginUsername
        case authLoginPassword
        case authLoginFinal
        case authXOAUTH2
        /// XOAUTH2 refused with a 334 error challenge: an empty line was sent and the final 5xx is awaited.
        case authXOAUTH2Refused(SMTPReply)
        case ready
        case transaction(Transaction)
        case sendingBody(Transaction)
        case awaitingFinalReply(Transaction)
        /// RSET after a failed transaction; its reply is only awaited, not judged.
        case resetting
        case quitting
        case closed
    }
}
