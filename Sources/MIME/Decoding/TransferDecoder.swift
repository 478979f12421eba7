/// Removes a Content-Transfer-Encoding (RFC 2045 §6). Unknown encodings are passed through, as RFC 2045
/// §6.4 says to treat them as opaque data.
enum TransferDecoder {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String) -> [UInt8] {
        switch encoding {
        case "base64":
            return Base64.decode(buffer: bytes)
        case "quoted-printable":
            return QuotedPrintable.decode(buffer: bytes, underscoreIsSpace: false)
        default:
            return Array(bytes)
        }
    }
}
