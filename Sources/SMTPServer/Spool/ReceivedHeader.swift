import Foundation
import MIME
import MailModel
import SMTPProtocol

/// The `Received:` trace header a session prepends to every message (RFC 5321 4.4), with the
/// protocol keyword of RFC 3848 (ESMTPSA: TLS and authenticated) and the TLS parameters.
public enum ReceivedHeader {
    /// `namingUser`: add `(authenticated as USER)`. Off unless the operator asks: the header travels to every
    /// recipient, and a login name is half of a credential.
    public static func render(
        envelope: SMTPEnvelope, session: SMTPSessionInfo, queueID: String, date: Date, namingUser: Bool = false
    ) -> String {
        var protocolName = envelope.mailParameters.smtpUTF8 ? "UTF8SMTP" : "ESMTP"
        if envelope.tls != nil { protocolName += "S" }
        if envelope.authenticatedUser != nil { protocolName += "A" }
        let helo = sanitized(envelope.heloName)
        var text = "Received: from \(helo) ([\(session.remoteIP)])\r\n\tby \(session.hostname) (Mailgate)"
        if let tls = envelope.tls {
            text += "\r\n\t(using \(sanitized(tls.version)) with cipher \(sanitized(tls.cipher)))"
        }
        if namingUser, let user = envelope.authenticatedUser {
            text += "\r\n\t(authenticated as \(sanitized(user)))"
        }
        text += "\r\n\twith \(protocolName) id \(queueID)"
        if envelope.recipients.count == 1, let recipient = envelope.recipients.first {
            text += "\r\n\tfor <\(sanitized(recipient.path.mailbox?.description ?? ""))>"
        }
        text += "; \(RFC5322DateFormatter.format(date))\r\n"
        return text
    }

    /// Client-supplied text must not break the header: control characters, CR and LF become spaces and
    /// parentheses (comment syntax) are dropped.
    static func sanitized(_ text: String) -> String {
        String(text.unicodeScalars.compactMap { scalar -> Character? in
            if scalar == "(" || scalar == ")" { return nil }
            if scalar.value < 0x20 || scalar.value == 0x7f { return " " }
            return Character(scalar)
        }.prefix(255))
    }
}
