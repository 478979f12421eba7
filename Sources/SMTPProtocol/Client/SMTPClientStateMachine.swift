import NIOCore

/// The relay client side of an SMTP session: greeting, EHLO (HELO fallback), STARTTLS, AUTH PLAIN/LOGIN,
/// AUTH XOAUTH2, then any number of MAIL/RCPT/DATA transactions, pipelined when the server offers PIPELINING.
///
/// It keeps no clock: ``pendingTimeout`` says how long the reply now awaited may take (RFC 5321 §4.5.3.2),
/// and the handler calls ``timedOut()`` when that passes.
public struct SMTPClientStateMachine: Sendable {
    public let configuration: SMTPClientConfiguration
    private var state = State.connecting
    private var parser = SMTPReplyParser()
    private var input = ByteBuffer()
    public private(set) var capabilities = SMTPServerCapabilities()
    /// The server's 220 greeting (its banner), kept for diagnosis.
    public private(set) var greeting: SMTPReply?
    private var tlsActive = false

    public init(configuration: SMTPClientConfiguration) {
        self.configuration = configuration
    }

    public var isReady: Bool {
        if case .ready = self.state { return true }
        return false
    }

    /// Idle, or about to be once the RSET after a refused transaction is answered: a session a pool may keep.
    public var isReusable: Bool {
        switch self.state {
        case .ready, .resetting: return true
        default: return false
        }
    }

    /// How long the handler may wait for what comes next (a reply, or room to write the next body block);
    /// nil while idle or closed.
    public var pendingTimeout: Duration? {
        let timeouts = self.configuration.timeouts
        switch self.state {
        case .connecting, .ready, .closed: return nil
        case .greeting, .ehlo, .helo, .startTLS, .awaitingTLS, .authPlain, .authLoginUsername, .authLoginPassword,
            .authLoginFinal, .authXOAUTH2, .authXOAUTH2Refused, .resetting, .quitting:
            return timeouts.greeting
        case .transaction(let transaction):
            switch transaction.awaiting.first {
            case .mail, nil: return timeouts.mail
            case .rcpt: return timeouts.rcpt
            case .data: return timeouts.dataInitiation
            }
        case .sendingBody: return timeouts.dataBlock
        case .awaitingFinalReply: return timeouts.dataTermination
        }
    }

    // MARK: - Events

    /// The TCP connection (and, for `implicit`, the TLS handshake) is up; the greeting comes next.
    public mutating func connected() -> [SMTPClientAction] {
        guard case .connecting = self.state else { return [] }
        self.tlsActive = self.configuration.tlsMode == .implicit
        self.state = .greeting
        return []
    }

    public mutating func receive(_ bytes: ByteBuffer) -> [SMTPClientAction] {
        if case .closed = self.state { return [] }
        var bytes = bytes
        self.input.writeBuffer(&bytes)
        var actions: [SMTPClientAction] = []
        while true {
            let reply: SMTPReply?
            do {
                reply = try self.parser.next(from: &self.input)
            } catch {
                self.fail(.malformedReply(error), &actions)
                return actions
            }
            guard let reply else { break }
            self.handle(reply, &actions)
            if case .closed = self.state { break }
        }
        self.input.discardReadBytes()
        return actions
    }

    public mutating func tlsEstablished() -> [SMTPClientAction] {
        guard case .awaitingTLS = self.state else { return [] }
        self.tlsActive = true
        // RFC 3207 4.2: everything learnt before TLS is discarded, so EHLO again.
        self.capabilities = SMTPServerCapabilities()
        self.state = .ehlo(afterTLS: true)
        return [.send(Self.encode(.ehlo(self.configuration.heloName)))]
    }

    /// Starts a transaction; only valid after `.ready`.
    public mutating func send(_ message: SMTPClientMessage) -> [SMTPClientAction] {
        var transaction = Transaction(message: message)
        guard case .ready = self.state else {
            // `.ready` can be followed by a failure in the same batch of actions (a stray reply after
            // it), so a handler may legitimately hand over a message too late: it comes back for retry.
            return [.transactionCompleted(transaction.report(failure: Self.notReady))]
        }
        if let refusal = self.localRefusal(message) {
            var report = transaction.report(failure: refusal.reply)
            report.refusal = refusal
            return [.transactionCompleted(report), .ready]
        }
        // BDAT only when it can be pipelined: waiting for each chunk's reply would need a reply per write.
        transaction.chunked = self.configuration.chunking && self.capabilities.chunking && self.capabilities.pipelining
        transaction.unsent = [.mail] + message.recipients.indices.map { .rcpt($0) } + (transaction.chunked ? [] : [.data])
        var actions: [SMTPClientAction] = []
        self.sendNext(&transaction, &actions)
        self.state = .transaction(transaction)
        return actions
    }

    /// Whether the body now wanted goes out through ``bodyChunk(_:)`` (BDAT) rather than an
    /// ``SMTPDataEncoder`` (DATA).
    public var bodyUsesChunking: Bool {
        if case .sendingBody(let transaction) = self.state { return transaction.chunked }
        return false
    }

    /// BDAT: frames one chunk of the body as given (no dot-stuffing); write the returned bytes. `last`
    /// ends the body with this chunk (`BDAT n LAST`, saving a round of `BDAT 0 LAST`); ``bodySent()`` is
    /// then not needed.
    public mutating func bodyChunk(_ chunk: ByteBuffer, last: Bool = false) -> [SMTPClientAction] {
        guard case .sendingBody(var transaction) = self.state, transaction.chunked, last || chunk.readableBytes > 0 else { return [] }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(chunk.readableBytes + 24)
        SMTPCommand.bdat(size: UInt64(chunk.readableBytes), last: last).write(to: &buffer)
        var chunk = chunk
        buffer.writeBuffer(&chunk)
        if last {
            self.state = .awaitingFinalReply(transaction)
        } else {
            transaction.outstandingChunks += 1
            self.state = .sendingBody(transaction)
        }
        return [.send(buffer)]
    }

    /// The handler finished writing the body: with DATA, the encoded body including its terminator; with
    /// BDAT, every chunk (the `BDAT 0 LAST` that ends it is returned here).
    public mutating func bodySent() -> [SMTPClientAction] {
        guard case .sendingBody(let transaction) = self.state else { return [] }
        self.state = .awaitingFinalReply(transaction)
        return transaction.chunked ? [.send(Self.encode(.bdat(size: 0, last: true)))] : []
    }

    /// RSET on an idle session before reusing it: proves the connection still works before a message is
    /// handed over. `.ready` follows its 250.
    public mutating func reset() -> [SMTPClientAction] {
        guard case .ready = self.state else { return [] }
        self.state = .resetting
        return [.send(Self.encode(.rset))]
    }

    public mutating func quit() -> [SMTPClientAction] {
        switch self.state {
        case .closed, .quitting: return []
        case .ready:
            self.state = .quitting
            return [.send(Self.encode(.quit))]
        default:
            self.state = .closed
            return [.close]
        }
    }

    public mutating func timedOut() -> [SMTPClientAction] {
        var actions: [SMTPClientAction] = []
        if case .closed = self.state { return [] }
        self.fail(.timeout, &actions)
        return actions
    }

    public mutating func connectionLost() -> [SMTPClientAction] {
        var actions: [SMTPClientAction] = []
        switch self.state {
        case .closed: return []
        case .quitting:
            self.state = .closed
            return []
        default:
            self.fail(.connectionLost, &actions)
            return actions
        }
    }

    // MARK: - Replies

    private mutating func handle(_ reply: SMTPReply, _ actions: inout [SMTPClientAction]) {
        switch self.state {
        case .sendingBody(var transaction) where transaction.outstandingChunks > 0:
            self.chunkReply(reply, &transaction)
            self.state = .sendingBody(transaction)
        case .awaitingFinalReply(var transaction) where transaction.outstandingChunks > 0:
            self.chunkReply(reply, &transaction)
            self.state = .awaitingFinalReply(transaction)
        case .awaitingFinalReply(let transaction) where transaction.chunkFailure != nil:
            // RFC 3030 2: a refused chunk fails the transaction whatever LAST got; RSET clears the server side.
            self.finishFailed(transaction, failure: transaction.chunkFailure!, &actions)
        case .connecting, .awaitingTLS, .ready, .sendingBody, .closed:
            // A reply nobody asked for: the server is out of step; continuing could misattribute replies.
            self.fail(.unexpectedReply(stage: "idle", reply: reply), &actions)
        case .greeting:
            guard reply.code == 220 else { return self.fail(.unexpectedReply(stage: "greeting", reply: reply), &actions) }
            self.greeting = reply
            self.state = .ehlo(afterTLS: self.tlsActive)
            actions.append(.send(Self.encode(.ehlo(self.configuration.heloName))))
        case .ehlo:
            if reply.code == 250 {
                self.capabilities = SMTPServerCapabilities(ehloReply: reply)
                self.afterHello(&actions)
            } else if reply.isPermanentFailure && self.configuration.tlsMode == .none && self.configuration.username == nil {
                self.state = .helo
                actions.append(.send(Self.encode(.helo(self.configuration.heloName))))
            } else {
                self.fail(.unexpectedReply(stage: "EHLO", reply: reply), &actions)
            }
        case .helo:
            guard reply.code == 250 else { return self.fail(.unexpectedReply(stage: "HELO", reply: reply), &actions) }
            self.capabilities = SMTPServerCapabilities()
            self.afterHello(&actions)
        case .startTLS:
            guard reply.code == 220 else { return self.fail(.unexpectedReply(stage: "STARTTLS", reply: reply), &actions) }
            self.state = .awaitingTLS
            actions.append(.startTLS)
        case .authPlain, .authLoginFinal:
            if reply.code == 235 {
                self.becomeReady(&actions)
            } else {
                self.fail(.authenticationFailed(reply), &actions)
            }
        case .authXOAUTH2:
            if reply.code == 235 {
                self.becomeReady(&actions)
            } else if reply.code == 334 {
                // RFC 7628 3.2.3: the error comes as a challenge; an empty response ends the exchange.
                self.state = .authXOAUTH2Refused(reply)
                actions.append(.send(Self.line("")))
            } else {
                self.fail(.authenticationFailed(reply), &actions)
            }
        case .authXOAUTH2Refused(let challenge):
            self.fail(.authenticationFailed(reply.isPositive ? challenge : reply), &actions)
        case .authLoginUsername:
            guard reply.code == 334 else { return self.fail(.authenticationFailed(reply), &actions) }
            self.state = .authLoginPassword
            actions.append(.send(Self.line(SASLBase64.encode(Array((self.configuration.username ?? "").utf8)))))
        case .authLoginPassword:
            guard reply.code == 334 else { return self.fail(.authenticationFailed(reply), &actions) }
            self.state = .authLoginFinal
            actions.append(.send(Self.line(SASLBase64.encode(Array((self.configuration.password ?? "").utf8)))))
        case .transaction(var transaction):
            self.transactionReply(reply, &transaction, &actions)
        case .awaitingFinalReply(let transaction):
            let report = transaction.discardBody ? transaction.report(failure: reply.isPositive ? Self.noRecipients : reply)
                : transaction.report(finalReply: reply)
            actions.append(.transactionCompleted(report))
            self.becomeReady(&actions)
        case .resetting:
            guard reply.code == 250 else { return self.fail(.unexpectedReply(stage: "RSET", reply: reply), &actions) }
            self.becomeReady(&actions)
        case .quitting:
            self.state = .closed
            actions.append(.close)
        }
    }

    private static let notReady = SMTPReply(421, "4.4.0", "Relay session is not ready")
    private static let noRecipients = SMTPReply(554, "5.5.1", "No recipient was accepted")

    private mutating func afterHello(_ actions: inout [SMTPClientAction]) {
        if self.configuration.tlsMode == .startTLS && !self.tlsActive {
            guard self.capabilities.startTLS else { return self.fail(.tlsUnavailable, &actions) }
            self.state = .startTLS
            actions.append(.send(Self.encode(.startTLS)))
            return
        }
        guard let username = self.configuration.username,
            self.configuration.password != nil || self.configuration.oauth2Token != nil
        else {
            return self.becomeReady(&actions)
        }
        guard self.tlsActive || self.configuration.allowPlaintextAuth else { return self.fail(.authenticationUnavailable, &actions) }
        if let token = self.configuration.oauth2Token {
            guard self.capabilities.authMechanisms.contains("XOAUTH2") else { return self.fail(.authenticationUnavailable, &actions) }
            let response = "user=\(username)\u{01}auth=Bearer \(token)\u{01}\u{01}"
            self.state = .authXOAUTH2
            actions.append(.send(Self.encode(.auth(.other("XOAUTH2"), initialResponse: SASLBase64.encode(Array(response.utf8))))))
            return
        }
        let password = self.configuration.password ?? ""
        if self.capabilities.authMechanisms.contains("PLAIN") {
            let response = SASLPlainResponse(authorizationIdentity: nil, authenticationIdentity: username, password: password)
            self.state = .authPlain
            actions.append(.send(Self.encode(.auth(.plain, initialResponse: SASLBase64.encode(response.encoded)))))
        } else if self.capabilities.authMechanisms.contains("LOGIN") {
            self.state = .authLoginUsername
            actions.append(.send(Self.encode(.auth(.login, initialResponse: nil))))
        } else {
            self.fail(.authenticationUnavailable, &actions)
        }
    }

    private mutating func becomeReady(_ actions: inout [SMTPClientAction]) {
        self.state = .ready
        actions.append(.ready)
    }

    /// Refusals decided without asking the server, from what it announced.
    private func localRefusal(_ message: SMTPClientMessage) -> SMTPClientMessageRefusal? {
        if let limit = self.capabilities.size, limit > 0, let size = message.parameters.size, size > limit {
            return .sizeExceeded(limit: limit)
        }
        let needsUTF8 = !(message.mailFrom.mailbox?.isASCII ?? true) || message.recipients.contains { !$0.path.isASCII }
        if needsUTF8 && !self.capabilities.smtpUTF8 {
            return .smtpUTF8Unsupported
        }
        if message.parameters.body == .eightBitMIME && !self.capabilities.eightBitMIME {
            return .eightBitMIMEUnsupported
        }
        return nil
    }

    /// The command for a step, with only the parameters the server announced.
    private func command(_ step: TransactionStep, _ message: SMTPClientMessage) -> SMTPCommand {
        switch step {
        case .mail:
            var parameters = SMTPMailParameters()
            if self.capabilities.size != nil { parameters.size = message.parameters.size }
            if self.capabilities.eightBitMIME, message.parameters.body != .binaryMIME { parameters.body = message.parameters.body }
            let needsUTF8 = !(message.mailFrom.mailbox?.isASCII ?? true) || message.recipients.contains { !$0.path.isASCII }
            parameters.smtpUTF8 = self.capabilities.smtpUTF8 && (needsUTF8 || message.parameters.smtpUTF8)
            if self.capabilities.dsn {
                parameters.ret = message.parameters.ret
                parameters.envelopeID = message.parameters.envelopeID
            }
            return .mail(message.mailFrom, parameters)
        case .rcpt(let index):
            let recipient = message.recipients[index]
            return .rcpt(recipient.path, self.capabilities.dsn ? recipient.parameters : SMTPRecipientParameters())
        case .data:
            return .data
        }
    }

    /// Sends the whole rest of the group when pipelining, else the next command only.
    private mutating func sendNext(_ transaction: inout Transaction, _ actions: inout [SMTPClientAction]) {
        guard !transaction.unsent.isEmpty else { return }
        let count = self.capabilities.pipelining ? transaction.unsent.count : 1
        var buffer = ByteBuffer()
        for step in transaction.unsent.prefix(count) {
            self.command(step, transaction.message).write(to: &buffer)
        }
        transaction.awaiting += transaction.unsent.prefix(count)
        transaction.unsent.removeFirst(count)
        actions.append(.send(buffer))
    }

    private mutating func transactionReply(_ reply: SMTPReply, _ transaction: inout Transaction, _ actions: inout [SMTPClientAction]) {
        guard let step = transaction.awaiting.first else {
            return self.fail(.unexpectedReply(stage: "transaction", reply: reply), &actions)
        }
        transaction.awaiting.removeFirst()
        switch step {
        case .mail:
            transaction.mailReply = reply
        case .rcpt(let index):
            transaction.recipientReplies[index] = reply
        case .data:
            if reply.code == 354 {
                if transaction.mailReply?.isPositive == true && transaction.acceptedAny {
                    self.state = .sendingBody(transaction)
                    actions.append(.sendBody)
                } else {
                    transaction.discardBody = true
                    self.state = .awaitingFinalReply(transaction)
                    var terminator = ByteBuffer()
                    var encoder = SMTPDataEncoder()
                    encoder.finish(into: &terminator)
                    actions.append(.send(terminator))
                }
            } else {
                self.finishFailed(transaction, failure: transaction.mailReply?.isPositive == false ? transaction.mailReply! : reply, &actions)
            }
            return
        }
        if transaction.awaiting.isEmpty {
            // Without pipelining, stop as soon as the outcome is known.
            let mailFailed = transaction.mailReply?.isPositive == false
            let envelopeDone = transaction.unsent == [.data] || (transaction.chunked && transaction.unsent.isEmpty)
            let nothingAccepted = envelopeDone && !transaction.acceptedAny
            if mailFailed || nothingAccepted {
                let failure = mailFailed ? transaction.mailReply! : Self.noRecipients
                return self.finishFailed(transaction, failure: failure, &actions)
            }
            if transaction.chunked && transaction.unsent.isEmpty {
                // BDAT has no 354: the envelope's replies are what allows the body.
                self.state = .sendingBody(transaction)
                actions.append(.sendBody)
                return
            }
            self.sendNext(&transaction, &actions)
        }
        self.state = .transaction(transaction)
    }

    private func chunkReply(_ reply: SMTPReply, _ transaction: inout Transaction) {
        transaction.outstandingChunks -= 1
        if !reply.isPositive && transaction.chunkFailure == nil { transaction.chunkFailure = reply }
    }

    private mutating func finishFailed(_ transaction: Transaction, failure: SMTPReply, _ actions: inout [SMTPClientAction]) {
        actions.append(.transactionCompleted(transaction.report(failure: failure)))
        self.state = .resetting
        actions.append(.send(Self.encode(.rset)))
    }

    private mutating func fail(_ error: SMTPClientError, _ actions: inout [SMTPClientAction]) {
        self.state = .closed
        actions.append(.failed(error))
        actions.append(.close)
    }

    private static func encode(_ command: SMTPCommand) -> ByteBuffer {
        var buffer = ByteBuffer()
        command.write(to: &buffer)
        return buffer
    }

    private static func line(_ text: String) -> ByteBuffer {
        ByteBuffer(string: text + "\r\n")
    }
}
