extension SMTPDataDecoder {
    public struct Limits: Hashable, Sendable {
        /// Octets per line including CRLF (RFC 5321 4.5.3.1.6: 1000).
        public var maximumLineLength: Int
        public var maximumMessageSize: UInt64
        public var maximumChunkSize: Int

        public init(maximumLineLength: Int = 1000, maximumMessageSize: UInt64 = 26_214_400, maximumChunkSize: Int = 65_536) {
            self.maximumLineLength = maximumLineLength
            self.maximumMessageSize = maximumMessageSize
            self.maximumChunkSize = max(maximumChunkSize, 16)
        }
    }
}
