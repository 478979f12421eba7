/// Two uppercase hex digits for a byte, as quoted-printable, RFC 2047 Q and RFC 2231 percent-encoding write it.
enum HexDigits {
    private static let digits = Array("0123456789ABCDEF".unicodeScalars)

    static func upper(_ byte: UInt8) -> String {
        var text = ""
        text.unicodeScalars.append(digits[Int(byte >> 4)])
        text.unicodeScalars.append(digits[Int(byte & 0x0F)])
        return text
    }

    static func append(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(digits[Int(byte >> 4)].value))
        out.append(UInt8(digits[Int(byte & 0x0F)].value))
    }
}
