extension SMTPDataDecoder {
    enum ScanState: Sendable {
        /// `clean`: the previous line ended in a real CRLF (or this is the first line), so a lone "."
        /// here may end the message.
        case lineStart(clean: Bool)
        case dot(clean: Bool)
        case dotCR(clean: Bool)
        case inLine
        case inLineCR
    }
}
