/// Whole nanoseconds, for swift-metrics timers and stored times.
extension Duration {
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
