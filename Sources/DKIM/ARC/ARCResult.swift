/// The ARC chain's result (RFC 8617 §5.2), as Authentication-Results reports it (`arc=`).
public struct ARCResult: Sendable, Hashable, CustomStringConvertible {
    public enum Verdict: String, Sendable, Hashable {
        /// No ARC fields.
        case none
        case pass
        case fail
        /// A key could not be fetched now.
        case temperror
    }

    public var verdict: Verdict
    /// How many ARC sets the message carries.
    public var instances: Int
    public var failure: ARCFailure?

    public var description: String {
        "arc=\(verdict.rawValue)" + (instances > 0 ? " (i=\(instances))" : "") + (failure.map { " (\($0))" } ?? "")
    }
}
