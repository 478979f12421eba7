import Digests
import MIME

extension ContentDigester {
    /// The digester Mailgate uses: OpenSSL's SHA-256.
    static let openSSL = ContentDigester { SHA256Hasher.hex($0) }
}

extension MessageParser {
    /// Tests parse with the digester Mailgate uses.
    init(limits: MIMELimits = .default) {
        self.init(limits: limits, digester: .openSSL)
    }
}

extension ContentDigester {
    func sha256Hex(bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256Hex($0) }
    }
}
