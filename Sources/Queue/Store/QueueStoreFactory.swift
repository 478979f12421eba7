import Logging

/// Opens the store a `storage.url` names.
public enum QueueStoreFactory {
    public static func open(
        url: String,
        configuration: QueueConfiguration = QueueConfiguration(),
        clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "mailgate.queue")
    ) async throws -> any QueueStore {
        switch try StorageURL(parsing: url) {
        case .sqlite(let path):
            return try await SQLiteQueueStore.open(path: path, configuration: configuration, clock: clock, logger: logger)
        case .postgres(let settings):
            return try await PostgresQueueStore.open(
                settings: settings, configuration: configuration, clock: clock, logger: logger)
        }
    }
}
