/// What a verifier accepts before it refuses to spend more on a message.
public struct DKIMVerificationLimits: Sendable, Hashable {
    /// Signatures verified per message (each costs a DNS query and a public-key operation); later ones are
    /// reported `neutral` without a lookup.
    public var maxSignatures: Int
    /// The header held while waiting for the body (the SMTP session keeps up to 64 KiB of it already).
    public var maxHeaderBytes: Int
    /// The largest RSA key accepted: verification costs grow with the square of the size, and the size is the
    /// sender's choice.
    public var maxRSAKeyBits: Int

    public init(maxSignatures: Int = 8, maxHeaderBytes: Int = 1 << 20, maxRSAKeyBits: Int = 4096) {
        self.maxSignatures = maxSignatures
        self.maxHeaderBytes = maxHeaderBytes
        self.maxRSAKeyBits = maxRSAKeyBits
    }
}
