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
