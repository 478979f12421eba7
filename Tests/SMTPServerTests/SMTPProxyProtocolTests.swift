import Foundation
import MailModel
import MailgateTestSupport
import Queue
import SMTPProtocol
import SMTPServer
import Testing

/// Listeners with `proxy_protocol` enabled, behind HAProxy and against raw clients that write the header
/// themselves: the session, its Received header, its envelope and the per-IP limit see the proxied client.
@Suite(.serialized) struct SMTPProxyProtocolTests {
    static func server(
        mode: SMTPSessionMode = .inbound, _ settings: @escaping (inout SMTPListenerSettings) -> Void = { _ in }
    ) async throws -> SMTPTestServer {
        try await SMTPTestServer.start(
            mode: mode,
            configure: { $0.recipientPolicy = { path, _ in path.mailbox?.domain == "local.test" ? .accept : .unknownRecipient } },
            listenerSettings: { listener in
                listener.proxyProtocol = true
                listener.proxyProtocolTrusted = [IPNetwork(cidr: "127.0.0.0/8")!]
                settings(&listener)
            })
    }

    /// A raw Python client: writes the PROXY header given in hex, then (with TLS on 465) a whole SMTP
    /// transaction, authenticating when given credentials.
    static let pythonClient = #"""
        import base64, binascii, socket, ssl, sys
        port, header, use_tls, user, password = int(sys.argv[1]), binascii.unhexlify(sys.argv[2]), sys.argv[3] == "1", sys.argv[4], sys.argv[5]
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(header)
        if use_tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            s = context.wrap_socket(s)
        replies = s.makefile("rb")
        def reply():
            while True:
                line = replies.readline()
                if not line:
                    sys.exit("connection closed without a reply")
                if line[3:4] == b" ":
                    return line.decode().rstrip()
        def command(text, expected):
            s.sendall(text.encode() + b"\r\n")
            answer = reply()
            if not answer.startswith(expected):
                sys.exit("%r -> %s" % (text[:20], answer))
        greeting = reply()
        if not greeting.startswith("220"):
            sys.exit("greeting: " + greeting)
        command("EHLO proxied.test", "250")
        if user:
            command("AUTH PLAIN " + base64.b64encode(("\0%s\0%s" % (user, password)).encode()).decode(), "235")
        command("MAIL FROM:<a@sender.test>", "250")
        command("RCPT TO:<b@local.test>", "250")
        command("DATA", "354")
        command("Subject: proxied\r\n\r\nHello through a proxy.\r\n.", "250")
        command("QUIT", "221")
        print("ok")
        """#

    static func python(port: Int, header: [UInt8], tls: Bool = false, user: String = "", password: String = "") async throws -> ExternalTool.Result {
        let hex = header.map { String(format: "%02x", $0) }.joined()
        return try await ExternalTool.run("python3", ["-c", pythonClient, String(port), hex, tls ? "1" : "0", user, password])
    }

    static func v2(source: [UInt8], destination: [UInt8], sourcePort: UInt16, destinationPort: UInt16) -> [UInt8] {
        let signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
        let addresses = source + destination + [UInt8(sourcePort >> 8), UInt8(sourcePort & 0xff), UInt8(destinationPort >> 8), UInt8(destinationPort & 0xff)]
        let family: UInt8 = source.count == 4 ? 0x11 : 0x21
        return signature + [0x21, family, 0, UInt8(addresses.count)] + addresses
    }

    @Test func v1FromARawClient() async throws {
        let server = try await Self.server()
        let result = try await Self.python(port: server.port, header: Array("PROXY TCP4 203.0.113.7 127.0.0.1 40000 25\r\n".utf8))
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        let messages = try await server.acceptedMessages()
        try #require(messages.count == 1)
        #expect(messages[0].envelope.remoteIP == "203.0.113.7")
        #expect(messages[0].received.hasPrefix("Received: from proxied.test ([203.0.113.7])"), "\(messages[0].received)")
    }

    @Test func v2IPv6FromARawClient() async throws {
        let server = try await Self.server()
        let source: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 10) + [0x0b, 0xad]
        let destination: [UInt8] = [UInt8](repeating: 0, count: 15) + [1]
        let result = try await Self.python(port: server.port, header: Self.v2(source: source, destination: destination, sourcePort: 40000, destinationPort: 25))
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        let messages = try await server.acceptedMessages()
        try #require(messages.count == 1)
        #expect(messages[0].envelope.remoteIP == "2001:db8::bad")
        #expect(messages[0].received.contains("([2001:db8::bad])"), "\(messages[0].received)")
    }

    /// On 465 the header comes first, in plaintext, and the TLS handshake after it.
    @Test func headerBeforeImplicitTLS() async throws {
        let server = try await Self.server(mode: .submissions)
        let header = Self.v2(source: [192, 0, 2, 44], destination: [127, 0, 0, 1], sourcePort: 50000, destinationPort: 465)
        let result = try await Self.python(port: server.port, header: header, tls: true, user: SMTPTestServer.user, password: SMTPTestServer.password)
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        let messages = try await server.acceptedMessages()
        try #require(messages.count == 1)
        #expect(messages[0].envelope.remoteIP == "192.0.2.44")
        #expect(messages[0].envelope.tls?.version.hasPrefix("TLSv1.") == true)
    }

    /// HAProxy itself writes the header: the client connects from 127.0.0.5, HAProxy reaches us from
    /// 127.0.0.1, and the message must name 127.0.0.5.
    @Test(arguments: ["send-proxy", "send-proxy-v2"])
    func behindHAProxy(sendProxy: String) async throws {
        let server = try await Self.server()
        let relay = try await HAProxyRelay.start(to: server.port, sendProxy: sendProxy, directory: server.directory)
        let script = """
            import smtplib, sys
            client = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="relayed.test", source_address=("127.0.0.5", 0), timeout=10)
            client.sendmail("a@sender.test", ["b@local.test"], "Subject: relayed\\r\\n\\r\\nThrough HAProxy.\\r\\n")
            client.quit()
            """
        let result = try await ExternalTool.run("python3", ["-c", script, String(relay.port)])
        relay.stop()
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        let messages = try await server.acceptedMessages()
        try #require(messages.count == 1)
        #expect(messages[0].envelope.remoteIP == "127.0.0.5")
        #expect(messages[0].received.hasPrefix("Received: from relayed.test ([127.0.0.5])"), "\(messages[0].received)")
    }

    @Test(arguments: [
        Array("EHLO client.test\r\n".utf8), Array("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n".utf8),
        Array("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\nEHLO x\r\n".utf8), Array("PROXY UNKNOWN \(String(repeating: "x", count: 200))\r\n".utf8),
        [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x31, 0x00, 0x00],
    ])
    func aConnectionWithoutAValidHeaderGetsNoGreeting(firstBytes: [UInt8]) async throws {
        let server = try await Self.server()
        let connection = try RawSMTPConnection(port: server.port)
        connection.send(firstBytes)
        #expect(await connection.readReply() == nil)
        #expect(await connection.isClosedByServer())
        try await server.stop()
        #expect(try await server.acceptedMessages().isEmpty)
    }

    @Test func aSilentConnectionIsClosedAfterTheHeaderTimeout() async throws {
        let server = try await Self.server { $0.proxyHeaderTimeout = .milliseconds(300) }
        let connection = try RawSMTPConnection(port: server.port)
        let started = ContinuousClock.now
        #expect(await connection.readReply() == nil)
        #expect(ContinuousClock.now - started < .seconds(5))
        try await server.stop()
    }

    /// The per-IP limit counts proxied clients, not the proxy: two connections from 127.0.0.1 for one
    /// client are one too many, a third for another client is fine.
    @Test func thePerIPLimitCountsTheProxiedClient() async throws {
        let server = try await Self.server { $0.maximumConnectionsPerIP = 1 }
        let first = try RawSMTPConnection(port: server.port)
        first.send("PROXY TCP4 198.51.100.9 127.0.0.1 1000 25\r\n")
        #expect(await first.readReply()?.hasPrefix("220") == true)
        let second = try RawSMTPConnection(port: server.port)
        second.send("PROXY TCP4 198.51.100.9 127.0.0.1 1001 25\r\n")
        let refused = await second.readReply() ?? ""
        #expect(refused.hasPrefix("421 4.7.0"), "\(refused)")
        let other = try RawSMTPConnection(port: server.port)
        other.send("PROXY TCP4 198.51.100.10 127.0.0.1 1002 25\r\nEHLO pipelined.test\r\n")
        #expect(await other.readReply()?.hasPrefix("220") == true)
        // Bytes that came with the header reach the session.
        #expect(await other.readReply()?.hasPrefix("250") == true)
        try await server.stop()
    }

    /// Only the balancers listed in `proxy_protocol_trusted` may name a client: from anywhere else the header
    /// would let anyone claim any address, so the connection is closed before the greeting.
    @Test func aConnectionFromAnUntrustedAddressGetsNoGreeting() async throws {
        let server = try await Self.server { $0.proxyProtocolTrusted = [IPNetwork(cidr: "192.0.2.0/24")!, IPNetwork(cidr: "2001:db8::/32")!] }
        let connection = try RawSMTPConnection(port: server.port)
        connection.send("PROXY TCP4 198.51.100.9 127.0.0.1 1000 25\r\nEHLO x\r\n")
        #expect(await connection.readReply() == nil)
        #expect(await connection.isClosedByServer())
        try await server.stop()
        #expect(try await server.acceptedMessages().isEmpty)
    }

    /// Connections that have not sent their header yet hold a slot: under the balancer's address for the per-IP
    /// limit, and in the listener's total. Else a peer could open any number of them.
    @Test(arguments: [(2, 100), (100, 2)])
    func connectionsAwaitingTheirHeaderCountAgainstTheLimits(total: Int, perIP: Int) async throws {
        let server = try await Self.server { listener in
            listener.maximumConnections = total
            listener.maximumConnectionsPerIP = perIP
            listener.proxyHeaderTimeout = .seconds(60)
        }
        let waiting = [try RawSMTPConnection(port: server.port), try RawSMTPConnection(port: server.port)]
        // Let the listener accept both before the third arrives.
        try await Task.sleep(for: .seconds(1))
        let third = try RawSMTPConnection(port: server.port)
        third.send("PROXY TCP4 198.51.100.9 127.0.0.1 1000 25\r\n")
        let refused = await third.readReply() ?? ""
        #expect(refused.hasPrefix("421 4.7.0"), "\(refused)")
        // Once one of them names its client, the balancer's slot is free again.
        waiting[0].send("PROXY TCP4 198.51.100.10 127.0.0.1 1001 25\r\n")
        #expect(await waiting[0].readReply()?.hasPrefix("220") == true)
        if total > 2 {
            let fourth = try RawSMTPConnection(port: server.port)
            fourth.send("PROXY TCP4 198.51.100.11 127.0.0.1 1002 25\r\n")
            #expect(await fourth.readReply()?.hasPrefix("220") == true)
        }
        try await server.stop()
    }
}
