/// How long finished messages stay in the store.
public struct RetentionPolicy: Sendable, Hashable {
    /// Messages whose jobs all ended `delivered` or `failed` are pruned this long after the last one ended.
    public var completed: Duration
    /// Messages with a `dead` job are pruned this long after it died; `nil` keeps them until an
    /// operator retries or deletes them.
    public var dead: Duration?
    /// Chunks spilled by a writer that never committed (crash mid-DATA) are removed after this.
    public var abandonedUpload: Duration

    public init(
        completed: Duration = .seconds(7 * 24 * 3600),
        dead: Duration? = nil,
        abandonedUpload: Duration = .seconds(24 * 3600)
    ) {
        self.completed = completed
        self.dead = dead
        self.abandonedUpload = abandonedUpload
    }
}
