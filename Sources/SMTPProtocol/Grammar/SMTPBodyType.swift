/// The MAIL FROM `BODY=` parameter (RFC 6152 8BITMIME, RFC 3030 BINARYMIME).
public enum SMTPBodyType: String, Hashable, Sendable {
    case sevenBit = "7BIT"
    case eightBitMIME = "8BITMIME"
    case binaryMIME = "BINARYMIME"
}
