import Foundation
import MailModel
import SMTPProtocol
import SMTPServer
import Testing

@Suite struct ReceivedHeaderTests {
    let session = SMTPSessionInfo(sessionID: "s1", listener: "smtp.submission", mode: .submission, remoteIP: "192.0.2.10", remotePort: 40000, hostname: "mx.example.com")
    let date = Date(timeIntervalSince1970: 1_800_000_000)

    func envelope(helo: String = "client.example", tls: TLSParameters? = nil, user: String? = nil, utf8: Bool = false) -> SMTPEnvelope {
        var parameters = SMTPMailParameters()
        parameters.smtpUTF8 = utf8
        return SMTPEnvelope(
            heloName: helo, mailFrom: .mailbox(SMTPMailbox(localPart: "a", domain: "example.org")), mailParameters: parameters,
            recipients: [SMTPEnvelopeRecipient(path: .mailbox(SMTPMailbox(localPart: "b", domain: "example.net")), parameters: SMTPRecipientParameters())],
            authenticatedUser: user, tls: tls)
    }

    @Test func authenticatedTLSSubmissionIsESMTPSA() {
        let header = ReceivedHeader.render(
            envelope: envelope(tls: TLSParameters(version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384"), user: "alice"),
            session: session, queueID: "q1", date: date, namingUser: true)
        #expect(header == "Received: from client.example ([192.0.2.10])\r\n\tby mx.example.com (Mailgate)\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)\r\n\t(authenticated as alice)\r\n\twith ESMTPSA id q1\r\n\tfor <b@example.net>; Fri, 15 Jan 2027 08:00:00 +0000\r\n")
    }

    /// The header reaches every recipient: by default it says that the client authenticated, not as whom.
    @Test func theUserIsNamedOnlyWhenAskedFor() {
        let header = ReceivedHeader.render(
            envelope: envelope(tls: TLSParameters(version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384"), user: "alice"),
            session: session, queueID: "q1", date: date)
        #expect(header == "Received: from client.example ([192.0.2.10])\r\n\tby mx.example.com (Mailgate)\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)\r\n\twith ESMTPSA id q1\r\n\tfor <b@example.net>; Fri, 15 Jan 2027 08:00:00 +0000\r\n")
    }

    @Test(arguments: [(false, false, false, "ESMTP"), (true, false, false, "ESMTPS"), (true, true, false, "ESMTPSA"), (true, true, true, "UTF8SMTPSA")])
    func protocolKeywordFollowsRFC3848(tls: Bool, auth: Bool, utf8: Bool, keyword: String) {
        let header = ReceivedHeader.render(
            envelope: envelope(tls: tls ? TLSParameters(version: "TLSv1.2", cipher: "X") : nil, user: auth ? "u" : nil, utf8: utf8),
            session: session, queueID: "q", date: date)
        #expect(header.contains("with \(keyword) id q"))
    }

    @Test func clientTextCannotBreakTheHeader() {
        let header = ReceivedHeader.render(envelope: envelope(helo: "evil\r\nBcc: x (y)"), session: session, queueID: "q", date: date)
        #expect(header.contains("from evil  Bcc: x y ([192.0.2.10])"))
        #expect(header.components(separatedBy: "\r\n").dropLast().allSatisfy { $0.hasPrefix("Received:") || $0.hasPrefix("\t") })
    }
}
