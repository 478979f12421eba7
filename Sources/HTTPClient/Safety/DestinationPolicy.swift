/// Which address classes a request may connect to. The default reaches only the public internet, so a
/// webhook URL cannot be turned against the gateway's own network (SSRF); a route opts in explicitly.
public struct DestinationPolicy: Sendable, Equatable {
    public var allowLoopback: Bool
    public var allowPrivate: Bool
    public var allowLinkLocal: Bool

    public init(allowLoopback: Bool = false, allowPrivate: Bool = false, allowLinkLocal: Bool = false) {
        self.allowLoopback = allowLoopback
        self.allowPrivate = allowPrivate
        self.allowLinkLocal = allowLinkLocal
    }

    public static let publicOnly = DestinationPolicy()
    public static let anywhere = DestinationPolicy(allowLoopback: true, allowPrivate: true, allowLinkLocal: true)

    /// Why the class is refused, or nil if it is allowed.
    public func refusal(for addressClass: AddressClass) -> String? {
        switch addressClass {
        case .publicInternet: nil
        case .loopback: allowLoopback ? nil : "loopback addresses are not allowed for this destination"
        case .privateNetwork: allowPrivate ? nil : "private-network addresses are not allowed for this destination"
        case .linkLocal: allowLinkLocal ? nil : "link-local (metadata service) addresses are not allowed for this destination"
        case .unroutable: "unspecified, multicast or reserved addresses are never allowed"
        }
    }
}
