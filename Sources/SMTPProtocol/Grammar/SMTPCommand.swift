import NIOCore

/// One SMTP command line, parsed.
public enum SMTPCommand: Hashable, Sendable {
    case ehlo(String)
    case helo(String)
    case mail(SMTPReversePath, SMTPMailParameters)
    case rcpt(SMTPForwardPath, SMTPRecipientParameters)
    case data
    /// RFC 3030 CHUNKING; exactly `size` octets follow the command line.
    case bdat(size: UInt64, last: Bool)
    case rset
    case noop
    case quit
    case vrfy(String)
    case help(String?)
    case startTLS
    /// `initialResponse` is the base64 text as sent; `=` stands for an empty response (RFC 4954 4).
    case auth(SMTPAuthMechanism, initialResponse: String?)

    /// Serialises the command with its CRLF, as the relay client sends it.
    public func write(to buffer: inout ByteBuffer) {
        switch self {
        case .ehlo(let domain): buffer.writeString("EHLO \(domain)")
        case .helo(let domain): buffer.writeString("HELO \(domain)")
        case .mail(let path, let parameters):
            buffer.writeString("MAIL FROM:\(path)")
            if let size = parameters.size { buffer.writeString(" SIZE=\(size)") }
            if let body = parameters.body { buffer.writeString(" BODY=\(body.rawValue)") }
            if parameters.smtpUTF8 { buffer.writeString(" SMTPUTF8") }
            if let ret = parameters.ret { buffer.writeString(" RET=\(ret.rawValue)") }
            if let envelopeID = parameters.envelopeID { buffer.writeString(" ENVID=\(XText.encode(Array(envelopeID.utf8)))") }
            if let auth = parameters.auth {
                buffer.writeString(" AUTH=\(auth == "<>" ? "<>" : XText.encode(Array(auth.utf8)))")
            }
        case .rcpt(let path, let parameters):
            buffer.writeString("RCPT TO:\(path)")
            if let notify = parameters.notify {
                var names: [String] = []
                if notify.contains(.success) { names.append("SUCCESS") }
                if notify.contains(.failure) { names.append("FAILURE") }
                if notify.contains(.delay) { names.append("DELAY") }
                buffer.writeString(" NOTIFY=\(names.isEmpty ? "NEVER" : names.joined(separator: ","))")
            }
            if let orcpt = parameters.originalRecipient {
                buffer.writeString(" ORCPT=\(orcpt.addressType);\(XText.encode(Array(orcpt.address.utf8)))")
            }
        case .data: buffer.writeStaticString("DATA")
        case .bdat(let size, let last): buffer.writeString(last ? "BDAT \(size) LAST" : "BDAT \(size)")
        case .rset: buffer.writeStaticString("RSET")
        case .noop: buffer.writeStaticString("NOOP")
        case .quit: buffer.writeStaticString("QUIT")
        case .vrfy(let argument): buffer.writeString("VRFY \(argument)")
        case .help(let topic): buffer.writeString(topic.map { "HELP \($0)" } ?? "HELP")
        case .startTLS: buffer.writeStaticString("STARTTLS")
        case .auth(let mechanism, let initialResponse):
            buffer.writeString("AUTH \(mechanism)")
            if let initialResponse { buffer.writeString(" \(initialResponse)") }
        }
        buffer.writeStaticString("\r\n")
    }
}
