import COpenSSL

/// A TLS protocol version. 1.0 and 1.1 exist only so an operator can explicitly lower the minimum for legacy
/// devices; the default is 1.2.
public enum TLSVersion: Int, Sendable, Hashable, Comparable, CaseIterable {
    case tls1_0
    case tls1_1
    case tls1_2
    case tls1_3

    var openSSLValue: Int32 {
        switch self {
        case .tls1_0: TLS1_VERSION
        case .tls1_1: TLS1_1_VERSION
        case .tls1_2: TLS1_2_VERSION
        case .tls1_3: TLS1_3_VERSION
        }
    }

    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}
