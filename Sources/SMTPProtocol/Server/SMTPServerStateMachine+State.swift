extension SMTPServerStateMachine {
    enum State: Sendable {
        case idle
        case command
        case sasl(SASLStep)
        case verifyingCredentials
        case awaitingTLS
        case data(SMTPDataDecoder)
        /// `refusal`: the chunk is read and dropped, then this reply is sent (RFC 3030 clients send the
        /// chunk without waiting, so a refused BDAT must still consume it).
        case chunk(SMTPChunkDecoder, last: Bool, refusal: SMTPRefusal?)
        case committing
        case closed
        /// Placeholder while a decoder is mutated outside the enum, so its buffer is not copied.
        case modifying
    }
}
