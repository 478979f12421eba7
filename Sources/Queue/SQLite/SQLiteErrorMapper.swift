import GRDB

/// Turns SQLite result codes into errors an operator can act on.
enum SQLiteErrorMapper {
    static func openError(_ error: any Error, path: String) -> QueueStoreError {
        if let error = error as? QueueStoreError {
            return error
        }
        guard let error = error as? DatabaseError else {
            return .cannotOpen(store: path, reason: "\(error)", underlying: QueueStoreErrorCause(error))
        }
        let detail = error.message ?? "\(error)"
        let cause = QueueStoreErrorCause(error)
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return .corrupted(store: path, reason: "file is not a SQLite database (\(detail))", underlying: cause)
        case .SQLITE_CORRUPT:
            return .corrupted(store: path, reason: detail, underlying: cause)
        case .SQLITE_CANTOPEN:
            return .cannotOpen(store: path, reason: "unable to open the database file (\(detail))", underlying: cause)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return .cannotOpen(store: path, reason: "the database is not writable (\(detail))", underlying: cause)
        case .SQLITE_FULL:
            return .cannotOpen(store: path, reason: "disk full (\(detail))", underlying: cause)
        case .SQLITE_IOERR:
            return .cannotOpen(store: path, reason: "I/O error (\(detail))", underlying: cause)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .cannotOpen(store: path, reason: "the database is locked by another process (\(detail))", underlying: cause)
        default:
            return .cannotOpen(store: path, reason: detail, underlying: cause)
        }
    }

    static func runtimeError(_ error: any Error, path: String) -> any Error {
        if error is QueueStoreError || error is CancellationError {
            return error
        }
        guard let error = error as? DatabaseError else {
            return error
        }
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return QueueStoreError.corrupted(
                store: path, reason: error.message ?? "\(error)", underlying: QueueStoreErrorCause(error))
        default:
            return QueueStoreError.database(
                store: path, reason: error.message ?? "\(error)", underlying: QueueStoreErrorCause(error))
        }
    }

    static func isConstraintViolation(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
    }
}
