import MailModel
import NIOCore

/// The server side of one SMTP session, as a value: events in, actions out, no I/O and no clock.
///
/// Every event returns the actions that are due now, in order. Input is processed as far as it goes:
/// pipelined commands (RFC 2920) are answered in order until an asynchronous step (credential check,
/// store commit, TLS handshake) is pending; the rest stays buffered until that step's result arrives.
/// While input is buffered, ``wantsMoreInput`` tells the handler when to stop reading.
public struct SMTPServerStateMachine: Sendable {
    public typealias Replies = SMTPServerReplies

    public let configuration: SMTPServerConfiguration
    private var state = State.idle
    private var input = ByteBuffer()
    private var framer: SMTPLineFramer
    private var heloName: String?
    private var isExtended = false
    public private(set) var tls: TLSParameters?
    public private(set) var authenticatedUser: String?
    private var transaction: Transaction?
    private var commandsWithoutMail = 0
    private var errors = 0
    /// The session must end (shutdown, or its lifetime is over): it closes with this 421 as soon as no message
    /// is under way.
    private var closeWhenIdle: SMTPRefusal?

    public init(configuration: SMTPServerConfiguration) {
        self.configuration = configuration
        self.framer = SMTPLineFramer(
            commandLineLimit: configuration.commandLineLimit, authLineLimit: configuration.authLineLimit)
    }

    // MARK: - Observations for the handler

    public var isClosed: Bool {
        if case .closed = self.state { return true }
        return false
    }

    /// False while more than ``SMTPServerConfiguration/maximumBufferedInput`` octets wait for an
    /// asynchronous result; the handler stops reading until an event lowers it again.
    public var wantsMoreInput: Bool { !self.isClosed && self.input.readableBytes < self.configuration.maximumBufferedInput }

    /// True while a command line (or a SASL response) has begun to arrive and is not complete yet: what
    /// ``SMTPServerConfiguration/commandLineTimeout`` bounds. False while an asynchronous step is pending, since
    /// the client is then not the one keeping the line waiting.
    public var commandLineInProgress: Bool {
        switch self.state {
        case .command, .sasl: return self.input.readableBytes > 0
        default: return false
        }
    }

    /// How long the handler may wait for the client's next bytes (RFC 5321 4.5.3.2); nil while the
    /// session waits for the handler rather than for the client.
    public var readTimeout: Duration? {
        switch self.state {
        case .idle, .command, .sasl: return self.configuration.commandTimeout
        case .data, .chunk: return self.configuration.dataTimeout
        case .verifyingCredentials, .awaitingTLS, .committing, .closed, .modifying: return nil
        }
    }

    // MARK: - Events

    /// The connection is up; on `submissions`, after the TLS handshake, with its parameters.
    public mutating func connectionOpened(tls: TLSParameters? = nil) -> [SMTPServerAction] {
        guard case .idle = self.state else { return [] }
        var actions: [SMTPServerAction] = []
        if self.configuration.mode == .submissions && tls == nil {
            // Implicit TLS is the point of this listener; never fall back to plaintext.
            self.close(reply: nil, reason: nil, &actions)
            return actions
        }
        self.tls = tls
        self.state = .command
        actions.append(.sendReply(Replies.greeting(self.configuration.hostname)))
        self.drain(&actions)
        return actions
    }

    public mutating func receive(_ bytes: ByteBuffer) -> [SMTPServerAction] {
        var actions: [SMTPServerAction] = []
        switch self.state {
        case .closed:
            return []
        case .awaitingTLS:
            // Plaintext after the 220 to STARTTLS: an injection attempt (CVE-2011-0411) or a broken
            // handler; nothing read here may reach the TLS session.
            self.close(reply: nil, reason: nil, &actions)
            return actions
        default:
            break
        }
        if self.input.readableBytes == 0 {
            self.input = bytes
        } else {
            var bytes = bytes
            self.input.writeBuffer(&bytes)
        }
        self.drain(&actions)
        return actions
    }

    /// The TLS handshake that followed STARTTLS completed. The session starts over (RFC 3207 4.2).
    public mutating func tlsEstablished(_ info: TLSParameters) -> [SMTPServerAction] {
        guard case .awaitingTLS = self.state else { return [] }
        self.tls = info
        self.state = .command
        var actions: [SMTPServerAction] = []
        self.drain(&actions)
        return actions
    }

    public mutating func authenticationCompleted(_ result: SMTPAuthResult) -> [SMTPServerAction] {
        guard case .verifyingCredentials = self.state else { return [] }
        self.state = .command
        var actions: [SMTPServerAction] = []
        switch result {
        case .success(let username):
            self.authenticatedUser = username
            actions.append(.sendReply(Replies.authSucceeded))
        case .invalidCredentials:
            self.refuse(Replies.authFailed, .authFailed, &actions)
        case .temporaryFailure, .lockedOut:
            self.refuse(Replies.authTemporaryFailure, .authUnavailable, &actions)
        }
        self.drain(&actions)
        return actions
    }

    public mutating func commitCompleted(_ result: SMTPCommitResult) -> [SMTPServerAction] {
        guard case .committing = self.state else { return [] }
        self.state = .command
        self.transaction = nil
        var actions: [SMTPServerAction] = []
        switch result {
        case .queued(let id):
            actions.append(.sendReply(Replies.queued(id)))
        case .failed(let refusal):
            self.refuse(refusal ?? SMTPRefusal(Replies.commitFailed, .commitFailed), &actions)
        }
        self.drain(&actions)
        return actions
    }

    /// The handler's read timer (``readTimeout``) expired.
    public mutating func timedOut() -> [SMTPServerAction] {
        guard !self.isClosed else { return [] }
        var actions: [SMTPServerAction] = []
        self.close(reply: Replies.timeout(self.configuration.hostname), reason: .timeout, &actions)
        return actions
    }

    /// The handler's ``SMTPDataRateMonitor`` found the client sending a message body too slowly: the
    /// partial message is dropped.
    public mutating func dataRateTooLow() -> [SMTPServerAction] {
        guard !self.isClosed else { return [] }
        var actions: [SMTPServerAction] = []
        self.close(reply: Replies.dataRateTooLow(self.configuration.hostname, minimum: self.configuration.minimumDataRate), reason: .dataRate, &actions)
        return actions
    }

    /// The gateway shuts down gracefully. An idle session closes now with `421 4.3.2`; a session with a
    /// message under way (its body being received, or its commit in flight) finishes that message, gets its
    /// reply, and then closes with the 421 instead of reading further commands.
    public mutating func shutdownRequested() -> [SMTPServerAction] {
        self.endWhenIdle(SMTPRefusal(Replies.shuttingDown(self.configuration.hostname), .shutdown))
    }

    /// The handler's session timer reached ``SMTPServerConfiguration/maximumSessionDuration``: a client that
    /// keeps a session alive with a command now and then (each within the timeouts) still cannot hold it for
    /// ever. Closes like a shutdown: now, or once the message under way has had its reply.
    public mutating func sessionLifetimeEnded() -> [SMTPServerAction] {
        self.endWhenIdle(SMTPRefusal(Replies.sessionTooLong(self.configuration.hostname), .timeout))
    }

    /// The handler's command line timer ran out (``commandLineInProgress`` for longer than
    /// ``SMTPServerConfiguration/commandLineTimeout``): each byte resets the read timeout, so a client sending
    /// one every few minutes would never meet it.
    public mutating func commandLineTooSlow() -> [SMTPServerAction] {
        guard self.commandLineInProgress else { return [] }
        var actions: [SMTPServerAction] = []
        self.close(reply: Replies.commandLineTooSlow(self.configuration.hostname), reason: .timeout, &actions)
        return actions
    }

    private mutating func endWhenIdle(_ refusal: SMTPRefusal) -> [SMTPServerAction] {
        guard !self.isClosed else { return [] }
        self.closeWhenIdle = self.closeWhenIdle ?? refusal
        var actions: [SMTPServerAction] = []
        self.closeIfQuiesced(&actions)
        return actions
    }

    /// A transport or TLS error: close without a reply.
    public mutating func errorCaught() -> [SMTPServerAction] {
        guard !self.isClosed else { return [] }
        var actions: [SMTPServerAction] = []
        self.close(reply: nil, reason: nil, &actions)
        return actions
    }

    /// The peer went away. A commit already under way is left to finish: the message is then stored
    /// although the client never saw the 250, which SMTP resolves by the client sending it again.
    public mutating func connectionClosed() -> [SMTPServerAction] {
        defer { self.state = .closed }
        if case .committing = self.state { return [] }
        if self.transaction?.messageStarted == true, !self.isClosed {
            self.transaction = nil
            return [.abortMessage]
        }
        return []
    }

    // MARK: - Processing

    private mutating func drain(_ actions: inout [SMTPServerAction]) {
        while self.step(&actions) {}
        self.closeIfQuiesced(&actions)
        if self.input.readableBytes == 0 {
            self.input.clear()
        } else if self.input.readerIndex > self.configuration.maximumBufferedInput {
            self.input.discardReadBytes()
        }
    }

    /// Handles one unit of input; false when it needs more input or an asynchronous result.
    private mutating func step(_ actions: inout [SMTPServerAction]) -> Bool {
        switch self.state {
        case .idle, .verifyingCredentials, .awaitingTLS, .committing, .closed, .modifying:
            return false
        case .command:
            guard let line = self.framer.nextLine(from: &self.input) else { return false }
            self.commandLine(line, &actions)
            return true
        case .sasl(let step):
            guard let line = self.framer.nextLine(from: &self.input, inAuthExchange: true) else { return false }
            self.saslLine(line, step: step, &actions)
            return true
        case .data(var decoder):
            self.state = .modifying
            let event = decoder.decode(&self.input)
            self.state = .data(decoder)
            switch event {
            case .needMoreInput:
                return false
            case .chunk(let bytes):
                actions.append(.appendMessage(bytes))
            case .failed:
                self.abortStartedMessage(&actions)
            case .end:
                self.state = .command
                if let failure = decoder.failure {
                    self.transaction = nil
                    self.refuse(failure.reply, failure.reason, &actions)
                } else {
                    self.state = .committing
                    actions.append(.commitMessage)
                }
            }
            return true
        case .chunk(var decoder, let last, let refusal):
            self.state = .modifying
            let event = decoder.decode(&self.input)
            self.state = .chunk(decoder, last: last, refusal: refusal)
            switch event {
            case .needMoreInput:
                return false
            case .chunk(let bytes):
                if refusal == nil { actions.append(.appendMessage(bytes)) }
            case .failed:
                if refusal == nil { self.abortStartedMessage(&actions) }
            case .end:
                self.state = .command
                if let refusal {
                    self.refuse(refusal, &actions)
                } else if let failure = decoder.failure {
                    self.transaction = nil
                    self.refuse(failure.reply, failure.reason, &actions)
                } else if last {
                    self.state = .committing
                    actions.append(.commitMessage)
                } else {
                    self.transaction?.chunkedSize = decoder.messageSizeAfterChunk
                    actions.append(.sendReply(Replies.chunkReceived(decoder.messageSizeAfterChunk)))
                }
            }
            return true
        }
    }

    private mutating func commandLine(_ line: SMTPCommandLine, _ actions: inout [SMTPServerAction]) {
        let parsed: Result<SMTPCommand, SMTPCommandError>?
        if case .line(let bytes, _) = line { parsed = SMTPCommandParser.parse(bytes) } else { parsed = nil }
        // Inside a transaction RCPT and BDAT are bounded by the recipient and size limits; only commands
        // that do nothing are counted there, so a 100-recipient or many-chunk message is never cut off.
        var counts = self.transaction == nil
        if case .success(let command) = parsed {
            switch command {
            case .noop, .vrfy, .help: counts = true
            default: break
            }
        }
        if counts {
            self.commandsWithoutMail += 1
            if self.commandsWithoutMail > self.configuration.maximumCommandsWithoutMail {
                self.close(reply: Replies.tooManyCommands(self.configuration.hostname), reason: .tooManyCommands, &actions)
                return
            }
        }
        switch line {
        case .tooLong:
            self.refuse(Replies.commandLineTooLong, .lineTooLong, &actions)
        case .line(_, let bareLF):
            if bareLF && self.configuration.bareLineEndingPolicy == .reject {
                self.refuse(Replies.bareLFInCommand, .bareLineEnding, &actions)
                return
            }
            switch parsed! {
            case .failure(let error):
                if error.closesConnection {
                    self.close(reply: error.reply, reason: .protocolError, &actions)
                } else {
                    self.refuse(error.reply, .protocolError, &actions)
                }
            case .success(let command):
                self.command(command, &actions)
            }
        }
    }

    private var tlsMissing: Bool {
        self.configuration.mode == .submission && self.configuration.requireTLS && self.tls == nil
    }

    private mutating func command(_ command: SMTPCommand, _ actions: inout [SMTPServerAction]) {
        switch command {
        case .ehlo(let name), .helo(let name):
            self.abortStartedMessage(&actions)
            self.transaction = nil
            self.heloName = name
            if case .ehlo = command {
                self.isExtended = true
                actions.append(.sendReply(self.ehloReply()))
            } else {
                self.isExtended = false
                actions.append(.sendReply(Replies.helo(self.configuration.hostname)))
            }
        case .startTLS:
            self.startTLS(&actions)
        case .auth(let mechanism, let initialResponse):
            self.auth(mechanism, initialResponse: initialResponse, &actions)
        case .mail(let path, let parameters):
            self.mail(path, parameters, &actions)
        case .rcpt(let path, let parameters):
            self.rcpt(path, parameters, &actions)
        case .data:
            self.data(&actions)
        case .bdat(let size, let last):
            self.bdat(size: size, last: last, &actions)
        case .rset:
            self.abortStartedMessage(&actions)
            self.transaction = nil
            actions.append(.sendReply(Replies.ok))
        case .noop:
            actions.append(.sendReply(Replies.ok))
        case .vrfy:
            if self.tlsMissing {
                self.refuse(Replies.mustStartTLS, .tlsRequired, &actions)
            } else {
                actions.append(.sendReply(Replies.cannotVerify))
            }
        case .help:
            actions.append(.sendReply(Replies.help))
        case .quit:
            self.close(reply: Replies.bye, reason: nil, &actions)
        }
    }

    private var authAllowed: Bool {
        switch self.configuration.mode {
        case .inbound: return false
        case .submissions: return true
        case .submission: return !self.tlsMissing
        }
    }

    private func ehloReply() -> SMTPReply {
        var lines = [self.configuration.hostname, "PIPELINING", "SIZE \(self.configuration.maximumMessageSize)"]
        lines += ["8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING", "BINARYMIME", "DSN"]
        if self.configuration.tlsAvailable && self.tls == nil && self.configuration.mode != .submissions {
            lines.append("STARTTLS")
        }
        if self.authAllowed && self.authenticatedUser == nil {
            lines.append("AUTH PLAIN LOGIN")
        }
        return SMTPReply(code: 250, lines: lines)
    }

    private mutating func startTLS(_ actions: inout [SMTPServerAction]) {
        if self.tls != nil {
            self.refuse(Replies.tlsAlreadyActive, .protocolError, &actions)
            return
        }
        guard self.configuration.tlsAvailable, self.configuration.mode != .submissions else {
            self.refuse(Replies.tlsNotAvailable, .protocolError, &actions)
            return
        }
        if self.input.readableBytes > 0 {
            self.close(reply: Replies.pipelinedAfterSTARTTLS, reason: .pipelinedAfterSTARTTLS, &actions)
            return
        }
        // RFC 3207 4.2: forget everything learnt in plaintext.
        self.abortStartedMessage(&actions)
        self.transaction = nil
        self.heloName = nil
        self.isExtended = false
        self.authenticatedUser = nil
        self.state = .awaitingTLS
        actions.append(.sendReplyAndStartTLS(Replies.readyToStartTLS))
    }

    private mutating func auth(
        _ mechanism: SMTPAuthMechanism, initialResponse: String?, _ actions: inout [SMTPServerAction]
    ) {
        if self.configuration.mode == .inbound { return self.refuse(Replies.authNotEnabled, .protocolError, &actions) }
        if self.tlsMissing { return self.refuse(Replies.mustStartTLS, .tlsRequired, &actions) }
        guard self.heloName != nil, self.isExtended else { return self.refuse(Replies.needEhlo, .protocolError, &actions) }
        if self.authenticatedUser != nil { return self.refuse(Replies.alreadyAuthenticated, .protocolError, &actions) }
        if self.transaction != nil { return self.refuse(Replies.authDuringTransaction, .protocolError, &actions) }
        let step: SASLStep
        switch mechanism {
        case .plain: step = .plain
        case .login: step = .loginUsername
        case .other: return self.refuse(Replies.unsupportedMechanism, .protocolError, &actions)
        }
        guard let initialResponse else {
            self.state = .sasl(step)
            actions.append(.sendReply(step == .plain ? Replies.saslContinue : Replies.loginUsernamePrompt))
            return
        }
        let decoded: [UInt8]?
        if initialResponse == "=" {
            decoded = []
        } else {
            decoded = SASLBase64.decode(initialResponse.utf8)
        }
        guard let decoded else { return self.refuse(Replies.invalidBase64, .protocolError, &actions) }
        self.saslResponse(decoded, step: step, &actions)
    }

    private mutating func saslLine(_ line: SMTPCommandLine, step: SASLStep, _ actions: inout [SMTPServerAction]) {
        self.state = .command
        guard case .line(let bytes, _) = line else { return self.refuse(Replies.authLineTooLong, .lineTooLong, &actions) }
        let view = bytes.readableBytesView
        if view.elementsEqual("*".utf8) { return self.refuse(Replies.authAborted, .policy, &actions) }
        guard let decoded = SASLBase64.decode(view) else { return self.refuse(Replies.invalidBase64, .protocolError, &actions) }
        self.saslResponse(decoded, step: step, &actions)
    }

    private mutating func saslResponse(_ response: [UInt8], step: SASLStep, _ actions: inout [SMTPServerAction]) {
        switch step {
        case .plain:
            guard let plain = SASLPlainResponse(decoding: response) else {
                return self.refuse(Replies.invalidBase64, .protocolError, &actions)
            }
            self.state = .verifyingCredentials
            actions.append(
                .verifyCredentials(
                    SMTPCredentials(
                        mechanism: .plain, authorizationIdentity: plain.authorizationIdentity,
                        username: plain.authenticationIdentity, password: plain.password)))
        case .loginUsername:
            guard !response.isEmpty, !response.contains(0), let username = String(validating: response, as: UTF8.self)
            else { return self.refuse(Replies.invalidBase64, .protocolError, &actions) }
            self.state = .sasl(.loginPassword(username: username))
            actions.append(.sendReply(Replies.loginPasswordPrompt))
        case .loginPassword(let username):
            guard !response.contains(0), let password = String(validating: response, as: UTF8.self) else {
                return self.refuse(Replies.invalidBase64, .protocolError, &actions)
            }
            self.state = .verifyingCredentials
            actions.append(.verifyCredentials(SMTPCredentials(mechanism: .login, username: username, password: password)))
        }
    }

    /// Checks shared by MAIL, RCPT, DATA and BDAT; nil when the command may proceed.
    private func sessionRefusal() -> SMTPRefusal? {
        if self.tlsMissing { return SMTPRefusal(Replies.mustStartTLS, .tlsRequired) }
        if self.heloName == nil { return SMTPRefusal(Replies.needHelo, .protocolError) }
        if self.configuration.mode != .inbound && self.authenticatedUser == nil {
            return SMTPRefusal(Replies.authenticationRequired, .authRequired)
        }
        return nil
    }

    private mutating func mail(_ path: SMTPReversePath, _ parameters: SMTPMailParameters, _ actions: inout [SMTPServerAction]) {
        if let refusal = self.sessionRefusal() { return self.refuse(refusal, &actions) }
        if self.transaction != nil { return self.refuse(Replies.nestedMail, .protocolError, &actions) }
        if let size = parameters.size, size > self.configuration.maximumMessageSize {
            return self.refuse(Replies.declaredSizeTooBig, .messageTooLarge, &actions)
        }
        if let refusal = self.configuration.senderPolicy?(path, self.authenticatedUser) {
            return self.refuse(refusal, &actions)
        }
        self.transaction = Transaction(mailFrom: path, parameters: parameters)
        self.commandsWithoutMail = 0
        actions.append(.sendReply(Replies.senderOk))
    }

    private mutating func rcpt(_ path: SMTPForwardPath, _ parameters: SMTPRecipientParameters, _ actions: inout [SMTPServerAction]) {
        if let refusal = self.sessionRefusal() { return self.refuse(refusal, &actions) }
        guard let transaction = self.transaction else { return self.refuse(Replies.needMail, .protocolError, &actions) }
        if transaction.usesChunking { return self.refuse(Replies.recipientAfterBDAT, .protocolError, &actions) }
        if !path.isASCII && !transaction.parameters.smtpUTF8 { return self.refuse(Replies.recipientNeedsSMTPUTF8, .protocolError, &actions) }
        if transaction.recipients.count >= self.configuration.maximumRecipients {
            return self.refuse(Replies.tooManyRecipients, .tooManyRecipients, &actions)
        }
        // MX mode is never an open relay: without a policy there, every recipient is refused.
        if self.configuration.mode == .inbound || self.configuration.recipientPolicy != nil {
            let context = SMTPEnvelopeRecipientContext(
                mailFrom: transaction.mailFrom, heloName: self.heloName ?? "",
                authenticatedUser: self.authenticatedUser, acceptedRecipients: transaction.recipients.count)
            switch self.configuration.recipientPolicy?(path, context) ?? .unknownRecipient {
            case .accept: break
            case .unknownRecipient: return self.refuse(Replies.unknownRecipient(path), .unknownRecipient, &actions)
            case .reject(let refusal): return self.refuse(refusal, &actions)
            }
        }
        if !transaction.recipients.contains(where: { $0.path == path }) {
            self.transaction?.recipients.append(SMTPEnvelopeRecipient(path: path, parameters: parameters))
        }
        actions.append(.sendReply(Replies.recipientOk))
    }

    private func envelope(_ transaction: Transaction) -> SMTPEnvelope {
        SMTPEnvelope(
            heloName: self.heloName ?? "", mailFrom: transaction.mailFrom, mailParameters: transaction.parameters,
            recipients: transaction.recipients, authenticatedUser: self.authenticatedUser, tls: self.tls)
    }

    private mutating func data(_ actions: inout [SMTPServerAction]) {
        if let refusal = self.sessionRefusal() { return self.refuse(refusal, &actions) }
        guard let transaction = self.transaction else { return self.refuse(Replies.needMail, .protocolError, &actions) }
        if transaction.usesChunking { return self.refuse(Replies.dataAfterBDAT, .protocolError, &actions) }
        if transaction.recipients.isEmpty { return self.refuse(Replies.noValidRecipients, .protocolError, &actions) }
        if transaction.parameters.body == .binaryMIME { return self.refuse(Replies.binaryNeedsBDAT, .protocolError, &actions) }
        self.transaction?.messageStarted = true
        actions.append(.startMessage(self.envelope(transaction)))
        actions.append(.sendReply(Replies.startData))
        let limits = SMTPDataDecoder.Limits(
            maximumLineLength: self.configuration.dataLineLimit,
            maximumMessageSize: self.configuration.maximumMessageSize,
            maximumChunkSize: self.configuration.maximumBodyChunkSize)
        self.state = .data(SMTPDataDecoder(limits: limits, bareLineEndingPolicy: self.configuration.bareLineEndingPolicy))
    }

    private mutating func bdat(size: UInt64, last: Bool, _ actions: inout [SMTPServerAction]) {
        var refusal = self.sessionRefusal()
        if refusal == nil {
            if let transaction = self.transaction {
                if transaction.recipients.isEmpty { refusal = SMTPRefusal(Replies.noValidRecipients, .protocolError) }
            } else {
                refusal = SMTPRefusal(Replies.needMail, .protocolError)
            }
        }
        let sizeSoFar = self.transaction?.chunkedSize ?? 0
        let decoder = SMTPChunkDecoder(
            size: size, messageSizeSoFar: sizeSoFar, maximumMessageSize: self.configuration.maximumMessageSize,
            maximumChunkSize: self.configuration.maximumBodyChunkSize)
        if refusal == nil, decoder.failure == nil, let transaction = self.transaction, !transaction.messageStarted {
            self.transaction?.usesChunking = true
            self.transaction?.messageStarted = true
            actions.append(.startMessage(self.envelope(transaction)))
        }
        self.state = .chunk(decoder, last: last, refusal: refusal)
    }

    private mutating func abortStartedMessage(_ actions: inout [SMTPServerAction]) {
        if self.transaction?.messageStarted == true {
            self.transaction?.messageStarted = false
            actions.append(.abortMessage)
        }
    }

    private mutating func refuse(_ reply: SMTPReply, _ reason: SMTPRejectionReason, _ actions: inout [SMTPServerAction]) {
        self.refuse(SMTPRefusal(reply, reason), &actions)
    }

    private var messageUnderWay: Bool {
        if case .committing = self.state { return true }
        return self.transaction?.messageStarted == true
    }

    private mutating func closeIfQuiesced(_ actions: inout [SMTPServerAction]) {
        guard let refusal = self.closeWhenIdle, !self.isClosed, !self.messageUnderWay else { return }
        if case .idle = self.state {
            // No greeting yet (on 465 the TLS handshake is still running): a reply would mean nothing, and
            // without one nothing is counted as refused.
            self.close(reply: nil, reason: nil, &actions)
        } else {
            self.close(reply: refusal.reply, reason: refusal.reason, &actions)
        }
    }

    /// Sends an error reply and enforces the per-session error limit.
    private mutating func refuse(_ refusal: SMTPRefusal, _ actions: inout [SMTPServerAction]) {
        actions.append(.sendRefusal(refusal))
        self.errors += 1
        if self.errors >= self.configuration.maximumErrors {
            self.close(reply: Replies.tooManyErrors(self.configuration.hostname), reason: .tooManyErrors, &actions)
        }
    }

    /// `reason` labels a closing refusal (a 421) in the metrics; nil for a 221 or a silent close.
    private mutating func close(reply: SMTPReply?, reason: SMTPRejectionReason?, _ actions: inout [SMTPServerAction]) {
        var abort = self.transaction?.messageStarted == true
        if case .committing = self.state {
            // The commit is in flight and will finish; undoing it is the store's business, not ours.
            abort = false
        }
        self.transaction = nil
        self.state = .closed
        actions.append(.close(reply: reply, reason: reason, abortMessage: abort))
    }
}
