/// A certificate chain (leaf first, then intermediates) and its private key (RSA or ECDSA).
public struct TLSCertifiedKey: Sendable, Hashable {
    public var certificateChain: TLSPEMSource
    public var privateKey: TLSPEMSource

    public init(certificateChain: TLSPEMSource, privateKey: TLSPEMSource) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
    }
}
