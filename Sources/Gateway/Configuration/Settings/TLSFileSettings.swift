import TLS

/// The certificate chain and private key a listener presents, as PEM files.
public struct TLSFileSettings: Sendable, Equatable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// The files as the TLS module reads them: again at each context built, which is what a reload relies on.
    var certifiedKey: TLSCertifiedKey {
        TLSCertifiedKey(certificateChain: .file(certificatePath), privateKey: .file(keyPath))
    }

    /// Builds a server context from the files once, so that an unreadable certificate or key, or a key that is not
    /// the certificate's, is a configuration problem under its key (`check-config`, the start, a SIGHUP) rather
    /// than a listener whose every handshake fails.
    func checkLoadable(_ reader: inout SettingsReader, key: String) {
        do throws(TLSError) {
            _ = try TLSContext(configuration: .server(certifiedKey: certifiedKey))
        } catch {
            if case .certificateLoadFailed = error {
                reader.report(key + ".certificate", error.description)
            } else {
                reader.report(key + ".key", error.description)
            }
        }
    }
}
