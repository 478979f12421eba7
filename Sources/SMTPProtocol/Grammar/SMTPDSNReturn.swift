/// The MAIL FROM `RET=` parameter of RFC 3461.
public enum SMTPDSNReturn: String, Hashable, Sendable {
    case full = "FULL"
    case headers = "HDRS"
}
