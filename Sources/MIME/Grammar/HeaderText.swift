/// Header bytes to text. RFC 6532 allows UTF-8 in headers; any other 8-bit bytes were written in a legacy
/// charset, for which the caller's best guess (the message's body charset, else Windows-1252) is used.
enum HeaderText {
    static func decode(_ bytes: [UInt8], fallbackCharset: String?) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            if CharsetDecoder.isPlainASCII(buffer) || CharsetDecoder.isValidUTF8(buffer) {
                return String(decoding: buffer, as: UTF8.self)
            }
            return CharsetDecoder.decode(buffer: buffer, charset: fallbackCharset ?? "windows-1252")
        }
    }
}
