import Foundation
import MailgateTestSupport
import NIOCore
import SMTPProtocol
import Testing

@testable import SMTPServer

/// The options on an accepted session's socket. TCP_NODELAY once went to the socket level (SOL_SOCKET), where its
/// number is SO_DEBUG: root sets that silently, but any process without CAP_NET_ADMIN (every container) is
/// refused, and NIO closed each connection before its greeting.
@Suite struct SMTPListenerSocketOptionTests {
    @Test func aSessionSocketHasNoDelayAtTheTCPLevelAndNoDebugFlag() async throws {
        let server = try await SMTPTestServer.start(mode: .inbound, configure: { $0.recipientPolicy = { _, _ in .accept } })
        let client = try RawSMTPConnection(port: server.port)
        #expect(await client.readReply()?.hasPrefix("220") == true)
        let channel = try #require(server.listener.sessionChannels.first)
        let noDelay = try await channel.getOption(ChannelOptions.tcpOption(.tcp_nodelay)).get()
        let debug = try await channel.getOption(ChannelOptions.socketOption(NIOBSDSocket.Option(rawValue: SO_DEBUG))).get()
        #expect(noDelay != 0)
        #expect(debug == 0, "SO_DEBUG needs CAP_NET_ADMIN")
        try await server.stop()
    }
}
