/// The ESMTP parameters of MAIL FROM that Mailgate understands.
public struct SMTPMailParameters: Hashable, Sendable {
    /// RFC 1870 declared size.
    public var size: UInt64?
    public var body: SMTPBodyType?
    /// RFC 6531.
    public var smtpUTF8: Bool
    public var ret: SMTPDSNReturn?
    /// RFC 3461 `ENVID`, xtext-decoded.
    public var envelopeID: String?
    /// RFC 4954 `AUTH=`, xtext-decoded; `<>` when the submitter is unknown.
    public var auth: String?

    public init(
        size: UInt64? = nil, body: SMTPBodyType? = nil, smtpUTF8: Bool = false, ret: SMTPDSNReturn? = nil,
        envelopeID: String? = nil, auth: String? = nil
    ) {
        self.size = size
        self.body = body
        self.smtpUTF8 = smtpUTF8
        self.ret = ret
        self.envelopeID = envelopeID
        self.auth = auth
    }
}
