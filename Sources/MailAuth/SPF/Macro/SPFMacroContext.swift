/// The values SPF macros expand to (RFC 7208 §7.2) for one check_host() call; `domain` changes with each
/// include and redirect. `p` is not here: it needs DNS, and the evaluator finds it only when a macro asks.
public struct SPFMacroContext: Sendable, Equatable {
    /// `<local-part>@<domain>` of the identity checked (`postmaster@<helo>` for HELO and the null sender).
    public var sender: String
    public var localPart: String
    public var senderDomain: String
    public var domain: String
    public var ip: IPAddress
    public var helo: String
    /// This host's name (`%{r}`), "unknown" when not configured.
    public var receiver: String
    /// Seconds since the epoch (`%{t}`), taken once per check.
    public var timestamp: Int

    public init(sender: String, localPart: String, senderDomain: String, domain: String, ip: IPAddress, helo: String, receiver: String, timestamp: Int) {
        self.sender = sender
        self.localPart = localPart
        self.senderDomain = senderDomain
        self.domain = domain
        self.ip = ip
        self.helo = helo
        self.receiver = receiver
        self.timestamp = timestamp
    }
}
