import PostgresNIO

/// What a `PostgresSettings.TLSMode` asks of the TLS client: whether TLS is needed, how much of the server's
/// certificate is checked, and against which CAs. libpq's semantics, so `sslmode` means what it means in `psql`.
struct PostgresTLSPolicy: Equatable {
    enum Use: Equatable {
        case never, ifOffered, always
    }

    enum Check: Equatable {
        /// Encryption only: anyone on the path can present a certificate.
        case none
        /// The chain must lead to a trusted CA; the name is not looked at.
        case chain
        /// The chain, and the host's name (or IP address) in the certificate.
        case chainAndName
    }

    var use: Use
    var check: Check
    /// nil: the system trust store.
    var rootCertificatePath: String?

    init(settings: PostgresSettings) {
        // libpq 16 spells the system store `sslrootcert=system`.
        let rootCertificatePath = settings.rootCertificatePath == "system" ? nil : settings.rootCertificatePath
        self.rootCertificatePath = rootCertificatePath
        switch settings.tls {
        case .disable:
            (use, check) = (.never, .none)
        case .prefer:
            (use, check) = (.ifOffered, .none)
        case .require:
            // libpq: with a root certificate named, `require` verifies the chain as `verify-ca` does.
            (use, check) = (.always, settings.rootCertificatePath == nil ? .none : .chain)
        case .verifyCA:
            (use, check) = (.always, .chain)
        case .verifyFull:
            (use, check) = (.always, .chainAndName)
        }
    }

    var clientConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch check {
        case .none: configuration.certificateVerification = .none
        case .chain: configuration.certificateVerification = .noHostnameVerification
        case .chainAndName: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificatePath {
            configuration.trustRoots = .file(rootCertificatePath)
        }
        return configuration
    }
}
