/// The outcome of one SPF check: the result, the domain whose record decided it (a redirect's target when
/// the redirect decided), the directive that matched as written (nil when none did: the default `neutral`, or an
/// error), the explanation of a `fail` (from `exp=`, RFC 7208 §6.2), and for errors what went wrong.
public struct SPFVerdict: Sendable, Equatable {
    public var identity: SPFIdentity
    public var result: SPFResult
    public var domain: String
    public var mechanism: String?
    public var explanation: String?
    public var problem: String?

    public init(identity: SPFIdentity, result: SPFResult, domain: String, mechanism: String? = nil, explanation: String? = nil, problem: String? = nil) {
        self.identity = identity
        self.result = result
        self.domain = domain
        self.mechanism = mechanism
        self.explanation = explanation
        self.problem = problem
    }
}
