/// Polls a condition on what a running gateway has done (its log, its sockets) until it holds or the time runs
/// out; the limit is generous, only a gateway that never gets there reaches it.
func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}
