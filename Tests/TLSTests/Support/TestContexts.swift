import TLS

/// Contexts over `TestPKI` certificates.
enum TestContexts {
    static func server(
        _ key: TLSCertifiedKey = TestPKI.shared.rsaLeaf,
        _ configure: (inout TLSConfiguration) -> Void = { _ in }
    ) throws -> TLSContext {
        var configuration = TLSConfiguration.server(certifiedKey: key)
        configure(&configuration)
        return try TLSContext(configuration: configuration)
    }

    static func client(_ configure: (inout TLSConfiguration) -> Void = { _ in }) throws -> TLSContext {
        var configuration = TLSConfiguration.client(trustRoots: .file(TestPKI.shared.caFile))
        configure(&configuration)
        return try TLSContext(configuration: configuration)
    }
}
