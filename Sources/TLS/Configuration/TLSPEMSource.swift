/// Where PEM data comes from. Files are read each time a context is built, which is what makes
/// `ReloadableTLSContext.reload()` pick up renewed certificates.
public enum TLSPEMSource: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case pem(String)

    public var description: String {
        switch self {
        case .file(let path): path
        case .pem: "<inline PEM>"
        }
    }
}
