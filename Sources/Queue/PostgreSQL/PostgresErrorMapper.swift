import PostgresNIO

/// Turns PostgresNIO errors into errors an operator can act on (server message, SQLSTATE,
/// connection failure) without leaking the password.
enum PostgresErrorMapper {
    static func unwrap(_ error: any Error) -> any Error {
        if let transaction = error as? PostgresTransactionError {
            return transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error
        }
        return error
    }

    static func sqlState(_ error: any Error) -> String? {
        (self.unwrap(error) as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func explain(_ error: any Error) -> String {
        let error = self.unwrap(error)
        guard let psql = error as? PSQLError else { return "\(error)" }
        if let info = psql.serverInfo, let message = info[.message] {
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return message + state
        }
        if let underlying = psql.underlying {
            return "\(psql.code): \(underlying)"
        }
        return "\(psql.code)"
    }

    /// The same, and when the connection failed on TLS, what was asked of the server's certificate and against
    /// which CAs: "certificate verify failed" alone does not tell the operator which setting to look at.
    static func explain(_ error: any Error, tls policy: PostgresTLSPolicy, mode: PostgresSettings.TLSMode) -> String {
        let reason = self.explain(error)
        guard let psql = self.unwrap(error) as? PSQLError, psql.serverInfo == nil else { return reason }
        let trust = policy.rootCertificatePath.map { "the CA file \($0) (sslrootcert)" } ?? "the system trust store"
        if psql.code == .sslUnsupported {
            return "the server does not offer TLS, and sslmode=\(mode.rawValue) requires it (\(reason))"
        }
        let underlying = psql.underlying
        guard underlying is NIOSSLError || underlying is BoringSSLError || underlying is NIOSSLExtraError else { return reason }
        let checked: String =
            switch policy.check {
            case .none: "encryption only, the certificate not verified"
            case .chain: "the certificate verified against \(trust), any name"
            case .chainAndName: "the certificate verified against \(trust) and for the host name"
            }
        return "TLS with the server failed (sslmode=\(mode.rawValue): \(checked)): \(reason)"
    }

    static func runtimeError(_ error: any Error, store: String) -> any Error {
        let error = self.unwrap(error)
        if error is QueueStoreError || error is CancellationError {
            return error
        }
        if let psql = error as? PSQLError, psql.serverInfo == nil {
            return QueueStoreError.unavailable(
                store: store, reason: self.explain(psql), underlying: QueueStoreErrorCause(psql))
        }
        return QueueStoreError.database(
            store: store, reason: self.explain(error), underlying: QueueStoreErrorCause(error))
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        self.sqlState(error) == "23505"
    }
}
