/// What `SevenBitDowngrader` made of a message.
public enum SevenBitDowngrade: Sendable, Equatable {
    /// Already 7-bit: send it as it is.
    case unchanged
    /// The re-encoded message: every 8-bit part quoted-printable (text) or base64 (anything else).
    case downgraded([UInt8])
    /// 8-bit bytes where no transfer encoding can reach them (a header, or a part already declared
    /// quoted-printable or base64): only an upstream with 8BITMIME (and SMTPUTF8 for headers) can take it.
    case refused(String)
}
