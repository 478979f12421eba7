import MailModel
import NIOCore
import SMTPProtocol

enum FuzzTargets {
    /// Every line must parse or fail with a well-formed reply, and a parsed command must survive a
    /// serialise/parse round trip.
    static func commandParser(_ payload: [UInt8]) {
        for line in payload.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            switch SMTPCommandParser.parse(Array(line)) {
            case .success(let command):
                var buffer = ByteBuffer()
                command.write(to: &buffer)
                let again = SMTPCommandParser.parse(buffer.getSlice(at: 0, length: buffer.readableBytes - 2)!)
                precondition(again == .success(command), "round trip changed \(command)")
            case .failure(let error):
                precondition(error.reply.code >= 500 && error.reply.code < 600)
            }
        }
    }

    /// Differential check against the obvious definition: the body ends at the first CRLF "." CRLF
    /// (or at a leading "." CRLF), however the input is cut, and never anywhere else.
    static func dataDecoder(_ payload: [UInt8], cut: Int, reject: Bool) {
        let expectedEnd = Self.referenceEnd(payload)
        var decoder = SMTPDataDecoder(
            limits: .init(maximumLineLength: 80, maximumMessageSize: 4096, maximumChunkSize: 64),
            bareLineEndingPolicy: reject ? .reject : .normalize)
        var input = ByteBuffer()
        var fed = 0
        var output: [UInt8] = []
        var ended = false
        var failures = 0
        while !ended {
            if fed < payload.count {
                let next = min(payload.count, fed + cut)
                input.writeBytes(payload[fed..<next])
                fed = next
            }
            inner: while true {
                switch decoder.decode(&input) {
                case .chunk(let chunk):
                    precondition(chunk.readableBytes <= 64)
                    output += chunk.readableBytesView
                case .failed:
                    failures += 1
                    precondition(failures == 1)
                case .end:
                    ended = true
                    break inner
                case .needMoreInput:
                    precondition(input.readableBytes == 0)
                    break inner
                }
            }
            if fed == payload.count && !ended { break }
        }
        if let expectedEnd {
            precondition(ended, "missed the end of data")
            precondition(fed - input.readableBytes == expectedEnd, "ended at the wrong place")
        } else {
            precondition(!ended, "ended without CRLF.CRLF")
        }
        if decoder.failure == nil {
            for (index, byte) in output.enumerated() {
                if byte == 13 { precondition(index + 1 < output.count && output[index + 1] == 10, "bare CR out") }
                if byte == 10 { precondition(index > 0 && output[index - 1] == 13, "bare LF out") }
            }
        }
    }

    /// Whatever the relay client sends decodes back to the same message with CRLF line endings, and
    /// the encoded body contains exactly one end of data: its own terminator.
    static func encoderRoundTrip(_ payload: [UInt8], cut: Int) {
        var encoder = SMTPDataEncoder()
        var wire = ByteBuffer()
        var start = 0
        while start < payload.count {
            let end = min(payload.count, start + cut)
            encoder.encode(ByteBuffer(bytes: payload[start..<end]), into: &wire)
            start = end
        }
        encoder.finish(into: &wire)
        let encoded = Array(wire.readableBytesView)
        precondition(Self.referenceEnd(encoded) == encoded.count, "encoder produced an early end of data")
        var decoder = SMTPDataDecoder(limits: .init(maximumLineLength: .max, maximumMessageSize: .max), bareLineEndingPolicy: .reject)
        var output: [UInt8] = []
        loop: while true {
            switch decoder.decode(&wire) {
            case .chunk(let chunk): output += chunk.readableBytesView
            case .end: break loop
            case .failed, .needMoreInput: preconditionFailure("encoded body did not decode cleanly")
            }
        }
        for (index, byte) in output.enumerated() where byte == 10 {
            precondition(index > 0 && output[index - 1] == 13)
        }
        precondition(output.filter { $0 != 13 && $0 != 10 } == payload.filter { $0 != 13 && $0 != 10 }, "content changed")
    }

    /// The PROXY header decoder gives the same answer however the input is cut, consumes exactly the
    /// header or nothing, waits only while under its bounds, and prints addresses that parse back.
    static func proxyHeader(_ payload: [UInt8], cut: Int) {
        let decoder = ProxyHeaderDecoder(maximumVersion2Length: 512)
        var whole = ByteBuffer(bytes: payload)
        let expected = decoder.decode(&whole)
        let consumed = payload.count - whole.readableBytes
        switch expected {
        case .header(let header):
            precondition(consumed > 0 && consumed <= max(ProxyHeaderDecoder.maximumVersion1Length, 16 + 512))
            for endpoint in [header.source, header.destination].compactMap({ $0 }) {
                let text = Array(endpoint.address.description.utf8)
                switch endpoint.address {
                case .v4: precondition(ProxyIPAddress(ipv4: text) == endpoint.address, "IPv4 text does not parse back")
                case .v6: precondition(ProxyIPAddress(ipv6: text) == endpoint.address, "IPv6 text does not parse back")
                }
            }
        case .needMoreBytes:
            precondition(consumed == 0 && payload.count < 16 + 512)
        case .malformed:
            precondition(consumed == 0)
        }
        var input = ByteBuffer()
        var fed = 0
        while true {
            let end = min(payload.count, fed + cut)
            input.writeBytes(payload[fed..<end])
            fed = end
            let result = decoder.decode(&input)
            if case .needMoreBytes = result, fed < payload.count { continue }
            precondition(result == expected, "a different answer when cut into reads of \(cut)")
            precondition(fed - input.readableBytes == consumed, "consumed a different number of octets")
            return
        }
    }

    static func referenceEnd(_ bytes: [UInt8]) -> Int? {
        if bytes.starts(with: [46, 13, 10]) { return 3 }
        guard bytes.count >= 5 else { return nil }
        for index in 0...(bytes.count - 5) where bytes[index..<index + 5].elementsEqual([13, 10, 46, 13, 10]) {
            return index + 5
        }
        return nil
    }

    /// Drives a whole session, answering every asynchronous request at once, and checks that the
    /// machine never emits a malformed reply or acts after closing.
    static func serverSession(_ payload: [UInt8], cut: Int, selector: UInt8) {
        let modes: [SMTPSessionMode] = [.submission, .submissions, .inbound]
        let configuration = SMTPServerConfiguration(
            hostname: "mx.example.com", mode: modes[Int(selector >> 2) % 3], requireTLS: selector & 0x20 != 0,
            maximumMessageSize: 2048, maximumRecipients: 3, maximumCommandsWithoutMail: 30, maximumErrors: 10,
            commandLineLimit: 128, dataLineLimit: 100,
            bareLineEndingPolicy: selector & 0x40 != 0 ? .reject : .normalize, maximumBodyChunkSize: 64,
            recipientPolicy: { path, _ in path.description.count % 2 == 0 ? .accept : .unknownRecipient })
        var machine = SMTPServerStateMachine(configuration: configuration)
        var pending = machine.connectionOpened(tls: configuration.mode == .submissions ? TLSParameters(version: "t", cipher: "c") : nil)
        var fed = 0
        var messageOpen = false
        var closed = false
        var authFlip = false
        while true {
            var next: [SMTPServerAction] = []
            for action in pending {
                precondition(!closed, "action after close")
                switch action {
                case .sendReply(let reply):
                    precondition(reply.encoded().readableBytesView.split(separator: 10).allSatisfy { $0.count < 512 })
                case .sendRefusal(let refusal):
                    precondition(refusal.reply.code >= 400)
                    precondition(refusal.reply.encoded().readableBytesView.split(separator: 10).allSatisfy { $0.count < 512 })
                case .sendReplyAndStartTLS:
                    next += machine.tlsEstablished(TLSParameters(version: "t", cipher: "c"))
                case .verifyCredentials:
                    authFlip.toggle()
                    next += machine.authenticationCompleted(authFlip ? .success(username: "u") : .invalidCredentials)
                case .startMessage:
                    precondition(!messageOpen, "nested message")
                    messageOpen = true
                case .appendMessage(let chunk):
                    precondition(messageOpen && chunk.readableBytes <= 64)
                case .commitMessage:
                    precondition(messageOpen)
                    messageOpen = false
                    next += machine.commitCompleted(.queued(id: "q"))
                case .abortMessage:
                    precondition(messageOpen)
                    messageOpen = false
                case .close(let reply, let reason, let abort):
                    precondition(abort == messageOpen)
                    precondition(reason == nil || (reply?.code ?? 0) >= 400, "a reason labels only a refusal")
                    closed = true
                }
            }
            if !next.isEmpty {
                pending = next
                continue
            }
            if closed || fed >= payload.count { break }
            let end = min(payload.count, fed + cut)
            pending = machine.receive(ByteBuffer(bytes: payload[fed..<end]))
            fed = end
        }
    }

    /// Feeds arbitrary server replies to the relay client, which must never act after closing, never
    /// send a body it was not asked for, and report every recipient exactly once per transaction.
    static func clientSession(_ payload: [UInt8], cut: Int, selector: UInt8) {
        let modes: [SMTPClientTLSMode] = [.none, .startTLS, .implicit]
        let configuration = SMTPClientConfiguration(
            heloName: "relay", tlsMode: modes[Int(selector >> 3) % 3], username: selector & 0x40 != 0 ? "u" : nil,
            password: "p", allowPlaintextAuth: selector & 0x80 != 0)
        var machine = SMTPClientStateMachine(configuration: configuration)
        let message = SMTPClientMessage(
            mailFrom: .null, parameters: SMTPMailParameters(size: 10),
            recipients: [
                SMTPEnvelopeRecipient(path: .postmaster),
                SMTPEnvelopeRecipient(path: .mailbox(SMTPMailbox(localPart: "a", domain: "b.example"))),
            ])
        var pending = machine.connected()
        var fed = 0
        var sent = 0
        var closed = false
        while true {
            var next: [SMTPClientAction] = []
            for action in pending {
                // A message handed over after the session failed comes back as a report; nothing else may follow a close.
                if case .transactionCompleted = action {} else { precondition(!closed, "action after close") }
                switch action {
                case .send: break
                case .startTLS: next += machine.tlsEstablished()
                case .sendBody: next += machine.bodySent()
                case .ready:
                    // A bounded number of messages: a refused one comes straight back with `.ready`.
                    sent += 1
                    next += sent > 3 || fed % 3 == 0 ? machine.quit() : machine.send(message)
                case .transactionCompleted(let report): precondition(report.results.count == 2)
                case .failed: break
                case .close: closed = true
                }
            }
            if !next.isEmpty {
                pending = next
                continue
            }
            if closed || fed >= payload.count { break }
            let end = min(payload.count, fed + cut)
            pending = machine.receive(ByteBuffer(bytes: payload[fed..<end]))
            fed = end
        }
    }
}
