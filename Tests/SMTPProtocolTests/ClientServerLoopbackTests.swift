import MailModel
import NIOCore
import Testing

@testable import SMTPProtocol

/// The relay client talking to the server session in memory: both state machines, no sockets.
struct ClientServerLoopbackTests {
    final class Pump {
        var server = SMTPServerStateMachine(configuration: .submission())
        var client = SMTPClientStateMachine(
            configuration: SMTPClientConfiguration(heloName: "relay.example", tlsMode: .startTLS, username: "user", password: "pw"))
        var serverQueue: [SMTPServerAction] = []
        var clientQueue: [SMTPClientAction] = []
        var toServer = ByteBuffer()
        var toClient = ByteBuffer()
        var stored = ByteBuffer()
        var queued: [String] = []
        var reports: [SMTPDeliveryReport] = []
        var serverClosed = false
        var clientClosed = false
        var messages: [(SMTPClientMessage, String)]

        init(messages: [(SMTPClientMessage, String)]) { self.messages = messages }

        func runServerAction(_ action: SMTPServerAction) {
            switch action {
            case .sendReply(let reply): reply.write(to: &self.toClient)
            case .sendRefusal(let refusal): refusal.reply.write(to: &self.toClient)
            case .sendReplyAndStartTLS(let reply):
                reply.write(to: &self.toClient)
                // The client sees the 220, asks for TLS; both ends then report the handshake.
            case .verifyCredentials(let credentials):
                self.serverQueue += self.server.authenticationCompleted(
                    credentials.password == "pw" ? .success(username: credentials.username) : .invalidCredentials)
            case .startMessage: self.stored.clear()
            case .appendMessage(var chunk): self.stored.writeBuffer(&chunk)
            case .commitMessage:
                self.queued.append(String(buffer: self.stored))
                self.serverQueue += self.server.commitCompleted(.queued(id: "Q\(self.queued.count)"))
            case .abortMessage: Issue.record("unexpected abort")
            case .close(let reply, _, _):
                reply?.write(to: &self.toClient)
                self.serverClosed = true
            }
        }

        func runClientAction(_ action: SMTPClientAction) {
            switch action {
            case .send(var bytes): self.toServer.writeBuffer(&bytes)
            case .startTLS:
                self.serverQueue += self.server.tlsEstablished(TLSParameters(version: "TLSv1.3", cipher: "test"))
                self.clientQueue += self.client.tlsEstablished()
            case .sendBody:
                var encoder = SMTPDataEncoder()
                encoder.encode(ByteBuffer(string: self.messages[self.reports.count].1), into: &self.toServer)
                encoder.finish(into: &self.toServer)
                self.clientQueue += self.client.bodySent()
            case .ready:
                if self.reports.count < self.messages.count {
                    self.clientQueue += self.client.send(self.messages[self.reports.count].0)
                } else {
                    self.clientQueue += self.client.quit()
                }
            case .transactionCompleted(let report): self.reports.append(report)
            case .failed(let error): Issue.record("client failed: \(error)")
            case .close: self.clientClosed = true
            }
        }

        func run(readSize: Int) {
            self.serverQueue = self.server.connectionOpened()
            self.clientQueue = self.client.connected()
            for _ in 0..<10_000 {
                if !self.serverQueue.isEmpty {
                    self.runServerAction(self.serverQueue.removeFirst())
                } else if !self.clientQueue.isEmpty {
                    self.runClientAction(self.clientQueue.removeFirst())
                } else if self.toServer.readableBytes > 0 {
                    self.serverQueue += self.server.receive(self.toServer.readSlice(length: min(readSize, self.toServer.readableBytes))!)
                } else if self.toClient.readableBytes > 0 {
                    self.clientQueue += self.client.receive(self.toClient.readSlice(length: min(readSize, self.toClient.readableBytes))!)
                } else {
                    return
                }
            }
            Issue.record("no quiescence")
        }
    }

    @Test(arguments: [1, 7, 4096])
    func clientDeliversToServer(readSize: Int) {
        let from = SMTPReversePath.mailbox(SMTPMailbox(localPart: "app", domain: "example.com"))
        let to = [SMTPEnvelopeRecipient(path: .mailbox(SMTPMailbox(localPart: "to", domain: "example.org")))]
        let pump = Pump(messages: [
            (SMTPClientMessage(mailFrom: from, recipients: to), "Subject: loop\r\n\r\n.starts with a dot\nbare LF\r\nend"),
            (SMTPClientMessage(mailFrom: .null, parameters: SMTPMailParameters(size: 12), recipients: to + to), "second\r\n.\r\n"),
        ])
        pump.run(readSize: readSize)
        #expect(pump.queued == ["Subject: loop\r\n\r\n.starts with a dot\r\nbare LF\r\nend\r\n", "second\r\n.\r\n"])
        #expect(pump.reports.map { $0.results.map(\.reply.lines) } == [[["Ok: queued as Q1"]], [["Ok: queued as Q2"], ["Ok: queued as Q2"]]])
        #expect(pump.serverClosed && pump.clientClosed)
        #expect(pump.server.tls != nil && pump.server.authenticatedUser == "user")
    }
}
