/// Why an ARC chain did not pass.
public enum ARCFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The sets are not a chain: a missing or repeated field, a gap in the instances, more than 50, a seal that
    /// cannot be read.
    case structure(String)
    /// The newest seal says the chain had already failed (`cv=fail`).
    case sealedAsFailed(instance: Int)
    /// The newest ARC-Message-Signature does not verify.
    case messageSignature(instance: Int, DKIMVerificationFailure)
    /// A seal does not verify.
    case seal(instance: Int, DKIMVerificationFailure)
    /// A seal's `cv=` is not what its place asks: `none` for instance 1, `pass` for the others.
    case chainValidation(instance: Int, String)

    public var description: String {
        switch self {
        case .structure(let reason): "the ARC sets are not a chain: \(reason)"
        case .sealedAsFailed(let instance): "ARC-Seal i=\(instance) records that the chain had failed"
        case .messageSignature(let instance, let failure): "ARC-Message-Signature i=\(instance): \(failure)"
        case .seal(let instance, let failure): "ARC-Seal i=\(instance): \(failure)"
        case .chainValidation(let instance, let cv): "ARC-Seal i=\(instance) has cv=\(cv)"
        }
    }

    /// A key lookup that failed for now makes the chain's result temporary, not a failure.
    var isTemporary: Bool {
        switch self {
        case .messageSignature(_, let failure), .seal(_, let failure): failure.verdict == .temperror
        default: false
        }
    }
}
